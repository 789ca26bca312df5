package io.ledgerflow.cli;

/**
 * The JVM ran out of heap: an infrastructure failure (exit 3) with a message that says what to do,
 * never a stack trace. The run that was going on is marked failed by the workflow's catch (an
 * error in a function), or, when the heap ran out in the command itself, stays unpublished: the
 * day's previous journal is what anyone reads either way.
 */
final class OutOfMemory {

    /** What Lambda's Java runtime names an OutOfMemoryError, and what Lambda reports for a function over its memory. */
    static final java.util.Set<String> ERRORS = java.util.Set.of("java.lang.OutOfMemoryError", "Runtime.OutOfMemory");

    private OutOfMemory() {}

    /** The OutOfMemoryError in {@code e}'s causes, or null. */
    static OutOfMemoryError in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    static String message(String detail) {
        return "out of memory (" + (detail == null || detail.isBlank() ? "Java heap space" : detail) + "); the day's"
                + " previous journal (if any) is unchanged. Give the JVM more memory, e.g."
                + " LEDGERFLOW_JAVA_OPTS=-Xmx4g, or split the input file";
    }
}
