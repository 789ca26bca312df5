package io.ledgerflow.core.rules;

import io.ledgerflow.core.failure.BadInputException;

import java.time.LocalDate;

/** Thrown when no rule set of the rules file is in force on the run's business date. */
public final class NoRuleSetException extends BadInputException {
    public NoRuleSetException(LocalDate businessDate, Rules rules) {
        super("no rule set is in force on " + businessDate + " (the earliest effective_from is "
                + rules.ruleSets().getFirst().effectiveFrom() + ")");
    }
}
