package io.ledgerflow.core.adapters.postgres.local;

import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.LedgerSchema;
import io.ledgerflow.core.files.Folders;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server started in-process (zonky's embedded binaries) with its data kept in
 * {@code dataDirectory}, so the ledger database persists between commands like the sub-ledger does.
 * It listens on a free loopback port for as long as this object is open.
 */
public final class EmbeddedLedgerDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedLedgerDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on the data in {@code dataDirectory}. A new one is copied from this user's
     * {@link ClusterTemplate} (made on first use), or initialized and migrated when there is none.
     */
    public static EmbeddedLedgerDatabase start(Path dataDirectory) {
        return start(dataDirectory, ClusterTemplate.forThisUser());
    }

    /** As {@link #start(Path)}, from {@code template} (null: initialize a new one with initdb). */
    static EmbeddedLedgerDatabase start(Path dataDirectory, ClusterTemplate template) {
        try {
            Files.createDirectories(dataDirectory);
            boolean copied = false;
            if (template != null && Folders.isEmpty(dataDirectory)) {
                try {
                    template.copyInto(dataDirectory);
                    copied = true;
                } catch (IOException | RuntimeException e) {
                    // no template to be had (a read-only cache, a full disk): initdb as before
                    Folders.delete(dataDirectory);
                    Files.createDirectories(dataDirectory);
                }
            }
            try {
                return open(dataDirectory);
            } catch (IOException | RuntimeException e) {
                if (!copied) {
                    throw e;
                }
                // PostgreSQL refused the copy (binaries of another version since it was made):
                // forget the template and initialize this home as if there had been none.
                template.delete();
                Folders.delete(dataDirectory);
                Files.createDirectories(dataDirectory);
                return open(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded ledger database in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    private static EmbeddedLedgerDatabase open(Path dataDirectory) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .start();
        try {
            // Locally one login owns the database: it migrates on first use (idempotent after).
            // Against a shared ledger database the export never migrates (LedgerSchema).
            LedgerSchema.migrate(postgres.getPostgresDatabase());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new EmbeddedLedgerDatabase(postgres);
    }

    /** How long a left-over server gets to shut down before it is killed. */
    private static final long LEFTOVER_STOP_SECONDS_MAX = 30;

    /**
     * Stops a PostgreSQL server left running on {@code dataDirectory} by a process that died
     * without closing it (killed: its server is a child that outlives it, and holds the data
     * directory, so no later command could start the database). Call only when no live process can
     * be using the directory (locally, with the home's lock held). Nothing to do when the data
     * directory has no {@code postmaster.pid}, or its process is gone or is not a postgres.
     *
     * @return the pid stopped, or -1 when none was running
     */
    public static long stopLeftover(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long pid;
        try {
            if (!Files.isRegularFile(pidFile)) {
                return -1;
            }
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1; // unreadable or half-written: postgres itself judges a stale file at start
        }
        java.util.Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (server.isEmpty()) {
            return -1;
        }
        server.get().destroy(); // SIGTERM: its clients died with their process, so it shuts down at once
        try {
            server.get().onExit().get(LEFTOVER_STOP_SECONDS_MAX, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            server.get().destroyForcibly(); // PostgreSQL recovers from its WAL at the next start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping the left-over ledger database (pid " + pid + ")", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return pid;
    }

    /** The URL of another database on this server (tests make scratch databases beside the default one). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** The settings to reach it (trust authentication on loopback, as the embedded server is set up). */
    public LedgerDatabaseSettings settings(String ledger) {
        return new LedgerDatabaseSettings(jdbcUrl(), "postgres", "", ledger);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
