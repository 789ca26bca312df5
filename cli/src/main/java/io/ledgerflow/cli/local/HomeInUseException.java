package io.ledgerflow.cli.local;

import io.ledgerflow.core.failure.InfrastructureException;
import java.nio.file.Path;
import java.time.Duration;

/** Thrown when another process holds the home ({@link HomeLock}); the command exits 3. */
public final class HomeInUseException extends InfrastructureException {

    private final transient HomeLock.Owner holder;

    HomeInUseException(Path home, HomeLock.Owner holder, Duration waited) {
        super("home " + home + " is in use by " + HomeLock.describe(holder)
                + (waited != null ? "; still in use after waiting " + waited.toHours() + " h"
                        : "; one process at a time: wait for it to end, or give --wait-for-home"));
        this.holder = holder;
    }

    /** The process that holds the home, when its lock file names one. */
    public HomeLock.Owner holder() {
        return holder;
    }
}
