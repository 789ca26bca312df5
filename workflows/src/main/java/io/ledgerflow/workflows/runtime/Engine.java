package io.ledgerflow.workflows.runtime;

import io.ledgerflow.core.objectstore.ObjectStore;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What the interpreter needs from outside: task invocation, the object store for Distributed
 * Map, the map-run store for redrive, time, sleeping and randomness (all injectable for tests),
 * and when a Distributed Map run fails.
 */
public record Engine(Payloads payloads, TaskInvoker tasks, ObjectStore objectStore, MapRunStore mapRuns,
                     Sleeper sleeper, Clock clock, RandomGenerator random, MapFailureMode mapFailure) {}
