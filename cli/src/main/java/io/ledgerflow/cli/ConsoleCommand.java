package io.ledgerflow.cli;

import io.javalin.Javalin;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.console.ConsoleApp;
import io.ledgerflow.console.ConsoleSettings;
import io.ledgerflow.console.auth.PasswordAuthenticator;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.auth.UsersFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow console}: the finance console on the embedded home, in a browser. */
@Command(
        name = "console",
        header = "Serve the finance console (web pages for finance staff) on the embedded home.",
        mixinStandardHelpOptions = true,
        subcommands = {ConsoleCommand.AddUser.class},
        description = {"Serves the month view, day views, reruns with corrected files, the monthly close, the ledger "
                    + "export and the audit at http://127.0.0.1:PORT/ until Ctrl-C, holding the home as 'local serve' "
                    + "does. Sign-in is required: add users first with 'ledgerflow console add-user'. Roles: viewer "
                    + "(reads), operator (also reruns), closer (also closes and reopens)."},
        footer = {"", "Examples:", "  ledgerflow console add-user keiko --role closer", "  ledgerflow console --port 8080"})
final class ConsoleCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = "LEDGERFLOW_CONSOLE_PASSWORD";
    static final int DEFAULT_PORT = 8080;

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "N",
            description = "The port (default: ${DEFAULT-VALUE}; 0: a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only). The console "
                    + "speaks plain HTTP: put a TLS proxy in front before binding another address.")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path dir = resolveHome(home, err);
        UsersFile users = UsersFile.of(dir);
        if (users.users().isEmpty()) {
            err.println("ledgerflow console: no users yet in " + users.path() + "; add one with"
                    + " 'ledgerflow console add-user NAME --role closer' (it can run while the console serves)");
        }
        LocalLedger ledger = home.open();
        LocalConsoleBackend backend;
        Javalin app;
        try {
            backend = new LocalConsoleBackend(ledger, Clock.systemUTC(), ConsoleSettings.BUSINESS_ZONE);
            app = start(backend, users, dir, port, bind);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("stopping the console: waiting for a running rerun or close to end");
            err.flush();
            try {
                app.stop();
                backend.close();
            } finally {
                ledger.close();
                stopped.countDown();
            }
        }, "ledgerflow-console-stop"));
        PrintWriter out = spec.commandLine().getOut();
        String landing = backend.lastActiveMonth().map(YearMonth::toString).map(m -> "month/" + m).orElse("");
        out.printf("ledgerflow console: http://%s:%d/%s (home %s; Ctrl-C to stop)%n", bind, app.port(), landing, dir);
        out.flush();
        stopped.await(); // until Ctrl-C (SIGINT/SIGTERM run the shutdown hook)
        return ExitCode.DONE;
    }

    /**
     * The home as for every command (--home, $LEDGERFLOW_HOME, ./.ledgerflow); when none was given
     * and ./.ledgerflow does not exist, the newest demo's home (.ledgerflow-demo/TIME), said on
     * {@code err}: so that {@code ./ledgerflow demo} then {@code ./ledgerflow console} shows the demo.
     */
    static Path resolveHome(HomeOption home, PrintWriter err) {
        String env = System.getenv("LEDGERFLOW_HOME");
        Path resolved = home.resolve();
        if (home.home != null || (env != null && !env.isBlank()) || java.nio.file.Files.exists(resolved)) {
            return resolved;
        }
        Path demos = Path.of(".ledgerflow-demo");
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.list(demos)) {
            java.util.Optional<Path> newest = all.filter(java.nio.file.Files::isDirectory).max(Path::compareTo);
            if (newest.isPresent()) {
                err.println("ledgerflow console: no --home and no " + resolved + ": using the newest demo's home "
                        + newest.get());
                err.flush();
                home.home = newest.get();
                return newest.get();
            }
        } catch (java.io.IOException e) {
            // no demo folder: the default home
        }
        return resolved;
    }

    /** The console app on the local backend, started on {@code bind}:{@code port}. */
    static Javalin start(LocalConsoleBackend backend, UsersFile users, Path home, int port, String bind) {
        return start(backend, users, home, port, bind, Clock.systemUTC());
    }

    /** As {@link #start(LocalConsoleBackend, UsersFile, Path, int, String)}, the console's own events timed by {@code clock}. */
    static Javalin start(LocalConsoleBackend backend, UsersFile users, Path home, int port, String bind, Clock clock) {
        ConsoleSettings settings = ConsoleSettings.defaults(home.resolve("console").resolve("uploads")).withClock(clock);
        return ConsoleApp.create(backend, new PasswordAuthenticator(users), settings).start(bind, port);
    }

    /** {@code ledgerflow console add-user}: a console user with a role; the password hashed with BCrypt. */
    @Command(name = "add-user", mixinStandardHelpOptions = true,
            header = "Add a console user (or set their role and password).",
            description = {"Writes the user to HOME/" + UsersFile.RELATIVE_PATH + " with the password hashed by BCrypt "
                        + "(never in clear). The password is asked for twice on a terminal; scripts give it on "
                        + "standard input (--password-stdin) or in $" + PASSWORD_ENV + "."},
            footer = {"", "Examples:", "  ledgerflow console add-user keiko.tanaka --role closer",
                "  echo \"$PW\" | ledgerflow console add-user ops1 --role operator --password-stdin"})
    static final class AddUser implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HomeOption home;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name (recorded as who did what).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "viewer|operator|closer", description = "What they may do.")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            Role parsed;
            try {
                parsed = Role.parse(role);
                UsersFile.requireName(name);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            char[] password = password();
            try {
                UsersFile.requirePassword(password);
                UsersFile users = UsersFile.of(resolveHome(home, spec.commandLine().getErr()));
                users.put(name, parsed, password);
                spec.commandLine().getErr().printf("console user %s (%s) written to %s%n", name, parsed.lowerCase(),
                        users.path());
                spec.commandLine().getErr().flush();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            return ExitCode.DONE;
        }

        private char[] password() throws java.io.IOException {
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new ParameterException(spec.commandLine(), "--password-stdin: standard input is empty");
                }
                return line.toCharArray();
            }
            String env = System.getenv(PASSWORD_ENV);
            if (env != null && !env.isEmpty()) {
                return env.toCharArray();
            }
            java.io.Console console = System.console();
            if (console == null) {
                throw new ParameterException(spec.commandLine(), "no terminal to ask for the password: give it with "
                        + "--password-stdin or $" + PASSWORD_ENV);
            }
            char[] first = console.readPassword("password for %s: ", name);
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new ParameterException(spec.commandLine(), "the passwords differ");
            }
            return first;
        }
    }
}
