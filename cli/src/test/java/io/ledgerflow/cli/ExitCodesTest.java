package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.postgres.LedgerSchemaNotMigratedException;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.close.CloseRefusedException;
import io.ledgerflow.core.close.LedgerUnavailableException;
import io.ledgerflow.core.close.ReconciliationException;
import io.ledgerflow.core.close.ReleaseNotVerifiedException;
import io.ledgerflow.core.daily.CleanupIncompleteException;
import io.ledgerflow.core.daily.RejectThresholdExceededException;
import io.ledgerflow.core.daily.start.AmbiguousDayFileException;
import io.ledgerflow.core.daily.start.DayStartedWithOtherInputException;
import io.ledgerflow.core.daily.start.ExecutionNameTakenException;
import io.ledgerflow.core.failure.FailureKind;
import io.ledgerflow.core.failure.LedgerflowException;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.money.CurrencyMismatchException;
import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.RulesFileException;
import io.ledgerflow.core.store.ConcurrentRunException;
import io.ledgerflow.core.store.EntryTooLargeException;
import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.PeriodNotOpenException;
import io.ledgerflow.core.store.PeriodTransitionException;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.StoredJournalAlteredException;
import io.ledgerflow.cli.local.HomeInUseException;
import io.ledgerflow.core.close.ExportMismatchException;
import io.ledgerflow.core.store.DayAlreadyPublishedException;
import io.ledgerflow.core.store.NoFileRefusedException;
import io.ledgerflow.lambdas.authorizer.CognitoIdTokens;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.WriteNotCompletedException;
import io.ledgerflow.lambdas.JsonHandler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * DESIGN's exit codes (1 the run or a check failed for a business reason; 2 bad usage or bad input
 * file; 3 infrastructure failure) for every exception type of the code that handlers and commands
 * run, read from the failure hierarchy: thrown in-process, and named by a failed execution's error
 * (a Task's error is its exception's class name).
 */
class ExitCodesTest {

    /** DESIGN's exit code of every exception type of batch-core, lambdas and cli, decided here one by one. */
    static final Map<Class<? extends Throwable>, Integer> DESIGN = new HashMap<>();

    static {
        for (Class<? extends Throwable> type : Set.of(BadInputFileException.class, RulesFileException.class,
                NoRuleSetException.class, StepFunctionsException.ExecutionDoesNotExist.class,
                StepFunctionsException.StateMachineDoesNotExist.class, StepFunctionsException.InvalidName.class,
                StepFunctionsException.InvalidArn.class, StepFunctionsException.InvalidExecutionInput.class)) {
            DESIGN.put(type, ExitCode.BAD_INPUT);
        }
        for (Class<? extends Throwable> type : Set.of(RejectThresholdExceededException.class,
                PeriodNotOpenException.class, ConcurrentRunException.class, RunStateException.class,
                PeriodTransitionException.class, InvariantViolationException.class, CurrencyMismatchException.class,
                ReleaseNotVerifiedException.class, CloseRefusedException.class, ReconciliationException.class,
                DayStartedWithOtherInputException.class, AmbiguousDayFileException.class,
                ExecutionNameTakenException.class, StepFunctionsException.ExecutionAlreadyExists.class,
                StepFunctionsException.ExecutionNotRedrivable.class, RunFailedException.class,
                DayAlreadyPublishedException.class, ExportMismatchException.class,
                // marking a day without a file where the rules refuse it (month not OPEN, day published, marked)
                NoFileRefusedException.class)) {
            DESIGN.put(type, ExitCode.FAILED);
        }
        for (Class<? extends Throwable> type : Set.of(ObjectStoreException.class, ObjectNotFoundException.class,
                LedgerUnavailableException.class, LedgerSchemaNotMigratedException.class, JournalStoreException.class,
                RunIncompleteException.class, WriteNotCompletedException.class, EntryTooLargeException.class,
                StepFunctionsException.ServiceError.class, HomeInUseException.class,
                // --target aws cannot learn who the caller is (STS): nothing is started
                CallerUnknownException.class,
                // a cleanup after a publish that hit its round limit; stored items changed after a publish
                CleanupIncompleteException.class, StoredJournalAlteredException.class,
                // the console authorizer cannot fetch the user pool's keys (the invocation fails, API Gateway answers 500)
                CognitoIdTokens.KeysUnavailableException.class)) {
            DESIGN.put(type, ExitCode.INFRASTRUCTURE);
        }
    }

    /**
     * Exception types caught where they are thrown and turned into one of the hierarchy's (or a
     * usage error, or an HTTP answer of the local server): they never reach an exit code.
     */
    static final Set<String> CAUGHT_WHERE_THROWN = Set.of(
            "io.ledgerflow.core.billing.DecodingReader$UndecodableInputException", // BadInputFileException
            "io.ledgerflow.core.adapters.postgres.GlExportJob$ExportJobFailedException", // PostgresLedgerExport's
            "io.ledgerflow.cli.targets.StackOutputs$StackNotUsableException", // a usage error of --stack
            "io.ledgerflow.cli.local.StepFunctionsServer$BadRequest"); // HTTP 400 to the client

    @Test
    void everyExceptionTypeOfTheCode_hasItsDesignExitCode_thrownOrNamedByAnExecution() throws Exception {
        Set<String> found = new TreeSet<>();
        for (Class<?> anchor : new Class<?>[] {LedgerflowException.class, JsonHandler.class, ExitCode.class}) {
            found.addAll(exceptionTypes(anchor));
        }
        Set<String> decided = new TreeSet<>();
        DESIGN.keySet().forEach(type -> decided.add(type.getName()));
        decided.addAll(CAUGHT_WHERE_THROWN);

        assertThat(found).as("exception types without a decided exit code here, or gone").isEqualTo(decided);
        DESIGN.forEach((type, code) -> {
            assertThat(LedgerflowException.class).as(type.getName()).isAssignableFrom(type);
            assertThat(ExitCode.ofErrorName(type.getName())).as("named " + type.getName()).isEqualTo(code);
            assertThat(ExitCode.of(FailureKind.ofType(type))).as("thrown " + type.getName()).isEqualTo(code);
        });
    }

    @Test
    void aThrownFailure_mapsByItsType() {
        assertThat(ExitCode.of(new RunFailedException("no published run"))).isEqualTo(ExitCode.FAILED);
        assertThat(ExitCode.of(new BadInputFileException("d.csv", 1, "bad", null))).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(ExitCode.of(new LedgerUnavailableException("down", null))).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.of(new IllegalStateException("a defect"))).isEqualTo(ExitCode.INFRASTRUCTURE);
    }

    @Test
    void errorNamesOutsideTheHierarchy_areInfrastructure_butForTheToleratedFailureThreshold() {
        assertThat(ExitCode.ofErrorName("States.ExceedToleratedFailureThreshold")).isEqualTo(ExitCode.FAILED);
        assertThat(ExitCode.ofErrorName("States.Timeout")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.ofErrorName("States.TaskFailed")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.ofErrorName("java.lang.OutOfMemoryError")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.ofErrorName("io.ledgerflow.core.NoSuchException")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.ofErrorName("io.ledgerflow.core.money.Money")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(ExitCode.ofErrorName(null)).isEqualTo(ExitCode.INFRASTRUCTURE);
    }

    /** The concrete Throwable types of the module {@code anchor} was loaded from, under io/ledgerflow/. */
    static Set<String> exceptionTypes(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location.resolve("io/ledgerflow"))) {
                files.map(f -> location.relativize(f).toString().replace('\\', '/')).forEach(names::add);
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/ledgerflow/")).forEach(names::add);
            }
        }
        Set<String> types = new TreeSet<>();
        for (String name : names) {
            if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                continue;
            }
            Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                    false, ExitCodesTest.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                types.add(type.getName());
            }
        }
        return types;
    }
}
