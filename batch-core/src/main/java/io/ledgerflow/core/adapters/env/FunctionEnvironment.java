package io.ledgerflow.core.adapters.env;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The environment variables a Lambda function sees, and what it builds once per sandbox. On AWS
 * each function runs alone in its sandbox, so this is the process environment. The embedded
 * runtime hosts every function of the template in one process: it binds each invocation (and each
 * handler's construction) to that function's own variables, as the template sets them, so that a
 * variable the template does not set is not set. Handlers and their wiring read the environment
 * only through this class.
 */
public final class FunctionEnvironment {

    private static final ThreadLocal<Map<String, String>> BOUND = new ThreadLocal<>();
    private static final Map<Map<String, String>, Sandbox> SANDBOXES = new ConcurrentHashMap<>();

    private FunctionEnvironment() {}

    /** What is built once per sandbox: its shared collaborators, and what to close with it. */
    private record Sandbox(Map<Class<?>, Object> singletons, List<AutoCloseable> resources) {
        Sandbox() {
            this(new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
        }
    }

    /** The variables of the function running on this thread: the bound ones, else the process's. */
    public static Map<String, String> current() {
        Map<String, String> bound = BOUND.get();
        return bound != null ? bound : System.getenv();
    }

    /** One variable of {@link #current()}, or null when it is not set. */
    public static String get(String name) {
        return current().get(name);
    }

    /** True when a host bound this thread to a function's variables (the embedded runtime). */
    public static boolean isBound() {
        return BOUND.get() != null;
    }

    /** Runs {@code work} on this thread with {@code environment} as the function's variables. */
    public static <T> T call(Map<String, String> environment, Callable<T> work) throws Exception {
        Map<String, String> previous = BOUND.get();
        BOUND.set(environment);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        }
    }

    /**
     * The sandbox's one {@code type}, built from the current variables on first use and kept for
     * the sandbox's life (on AWS: for the process; SnapStart snapshots it after init).
     */
    @SuppressWarnings("unchecked")
    public static <T> T singleton(Class<T> type, Function<Map<String, String>, T> factory) {
        Map<String, String> env = current();
        Sandbox sandbox = SANDBOXES.computeIfAbsent(env, k -> new Sandbox());
        return (T) sandbox.singletons().computeIfAbsent(type, k -> factory.apply(env));
    }

    /** Registers a resource of the current sandbox (an SDK client), closed by {@link #release}. */
    public static void closeOnRelease(AutoCloseable resource) {
        SANDBOXES.computeIfAbsent(current(), k -> new Sandbox()).resources().add(resource);
    }

    /** Ends the sandbox of {@code environment}: forgets its singletons and closes its resources. */
    public static void release(Map<String, String> environment) {
        Sandbox sandbox = SANDBOXES.remove(environment);
        if (sandbox == null) {
            return;
        }
        for (AutoCloseable r : sandbox.resources()) {
            try {
                r.close();
            } catch (Exception e) {
                // Closing an SDK client of a finished local run: nothing left to protect.
            }
        }
    }
}
