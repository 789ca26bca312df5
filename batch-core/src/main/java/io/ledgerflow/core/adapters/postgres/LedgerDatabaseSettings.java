package io.ledgerflow.core.adapters.postgres;

import java.util.Objects;

/**
 * Where the ledger database is and which ledger ledgerflow exports to.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://host:5432/ledger}
 * @param ledger the ledger name written on every export (one batch per ledger and period)
 */
public record LedgerDatabaseSettings(String jdbcUrl, String user, String password, String ledger) {

    public static final String DEFAULT_LEDGER = "MAIN";

    public LedgerDatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the ledger database is PostgreSQL: expected a jdbc:postgresql: URL, got " + jdbcUrl);
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public String toString() {
        return "LedgerDatabaseSettings[" + jdbcUrl + ", user " + user + ", ledger " + ledger + "]";
    }
}
