package io.ledgerflow.core.store;

import java.util.regex.Pattern;

/** The shape of a run id: it becomes part of storage keys, so it may not hold a key separator. */
public final class RunIds {

    public static final int RUN_ID_CHARS_MAX = 80;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.:-]{1," + RUN_ID_CHARS_MAX + "}");

    private RunIds() {}

    public static String require(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException(
                    "run id must be 1.." + RUN_ID_CHARS_MAX + " chars of [A-Za-z0-9_.:-], got '" + runId + "'");
        }
        return runId;
    }
}
