package io.ledgerflow.core.adapters.postgres;

/**
 * Thrown when the export connects to a ledger database whose schema is missing or behind the
 * migrations this code ships: the export does not migrate (that needs DDL rights the general
 * ledger's DBA gives only to the deploy's migration step), {@code ledgerflow ledger migrate} does.
 */
public final class LedgerSchemaNotMigratedException extends RuntimeException {
    public LedgerSchemaNotMigratedException(String message) {
        super(message);
    }
}
