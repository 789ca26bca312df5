package io.ledgerflow.workflows.intrinsics;

import java.util.List;

/** A parsed intrinsic function call such as {@code States.Format('{}', $.name)}. */
public record Intrinsic(String name, List<IntrinsicArg> args) implements IntrinsicArg {

    /** True when a payload-template value is an intrinsic call rather than a path. */
    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** Parses a call; throws {@link IntrinsicException} naming the problem. */
    public static Intrinsic parse(String text) {
        return new IntrinsicParser(text).parse();
    }
}
