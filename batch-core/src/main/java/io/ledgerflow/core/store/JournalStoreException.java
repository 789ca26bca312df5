package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.InfrastructureException;

/**
 * Base of the store's infrastructure failures (a write not completed, a run's stored items that do
 * not match its totals, an interrupted call): the message says what happened and to which day, run
 * or month. The store's refusals (a month not open, a run in the wrong state, another run won) are
 * business failures and extend {@link io.ledgerflow.core.failure.BusinessFailureException}.
 */
public class JournalStoreException extends InfrastructureException {
    public JournalStoreException(String message) {
        super(message);
    }

    public JournalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
