package io.ledgerflow.core.adapters.postgres;

import io.ledgerflow.core.failure.InfrastructureException;

/**
 * Thrown when the export connects to a ledger database whose schema is missing or behind the
 * migrations this code ships: the export does not migrate (that needs DDL rights the general
 * ledger's DBA gives only to the deploy's migration step), {@code ledgerflow ledger migrate} does.
 */
public final class LedgerSchemaNotMigratedException extends InfrastructureException {
    public LedgerSchemaNotMigratedException(String message) {
        super(message);
    }
}
