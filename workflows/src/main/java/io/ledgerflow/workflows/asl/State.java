package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One state of a parsed state machine. Path fields hold the path text; {@code null} means the
 * definition set the field to JSON {@code null} (which has a meaning: discard or use {}), and an
 * absent field reads as {@code "$"}. Templates ({@code Parameters}, {@code ResultSelector},
 * {@code ItemSelector}) stay JSON: they are evaluated against each input.
 */
public sealed interface State {

    String name();

    /** The next state's name, or null when this state ends its machine (End, Succeed, Fail, Choice). */
    String next();

    /** InputPath, Parameters, ResultSelector, ResultPath and OutputPath of one state. */
    record Io(String inputPath, JsonNode parameters, JsonNode resultSelector, String resultPath, String outputPath) {
        public static final Io IDENTITY = new Io("$", null, null, "$", "$");
    }

    /** Retry and Catch of a Task, Parallel or Map state. */
    record Errors(List<Retrier> retry, List<Catcher> catchers) {
        public static final Errors NONE = new Errors(List.of(), List.of());
    }

    record Pass(String name, Io io, JsonNode result, String next) implements State {}

    record Task(String name, Io io, String resource, Integer timeoutSeconds, String timeoutSecondsPath,
                JsonNode credentials, Errors errors, String next) implements State {}

    record Choice(String name, Io io, List<ChoiceRule> choices, String defaultNext) implements State {
        @Override
        public String next() {
            return null;
        }
    }

    record Wait(String name, Io io, Long seconds, String timestamp, String secondsPath, String timestampPath,
                String next) implements State {}

    record Succeed(String name, Io io) implements State {
        @Override
        public String next() {
            return null;
        }
    }

    record Fail(String name, String error, String errorPath, String cause, String causePath) implements State {
        @Override
        public String next() {
            return null;
        }
    }

    record Parallel(String name, Io io, List<StateMachine> branches, Errors errors, String next) implements State {}

    /**
     * A Map state. Inline when {@code distributed} is false; the ItemReader, ItemBatcher and
     * ResultWriter blocks stay JSON because their fields may be paths evaluated per run.
     */
    record MapState(String name, Io io, String itemsPath, JsonNode itemSelector, StateMachine processor,
                    boolean distributed, Integer maxConcurrency, String maxConcurrencyPath,
                    JsonNode itemReader, JsonNode itemBatcher, JsonNode resultWriter,
                    JsonNode toleratedFailurePercentage, JsonNode toleratedFailureCount,
                    Errors errors, String next, String label) implements State {}
}
