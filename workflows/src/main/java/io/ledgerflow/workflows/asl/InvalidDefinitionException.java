package io.ledgerflow.workflows.asl;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a definition is not valid JSON or breaks an ASL rule; lists every problem found. */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidDefinitionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
