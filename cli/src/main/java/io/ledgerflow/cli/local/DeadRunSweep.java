package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.workflows.runtime.AbandonedExecutions;
import io.ledgerflow.workflows.runtime.Execution;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a new owner of a home does first ({@link HomeLock}): every execution still recorded RUNNING
 * belongs to a process that is gone, since the process that runs an execution holds the home until
 * it ends. Left so, a killed {@code daily} would keep its run STARTED, which refuses the month's
 * close for ever, and its execution RUNNING, which cannot be redriven.
 *
 * <p>Each such execution is settled as its workflow's own Catch would have settled it, then
 * recorded ABORTED (as StopExecution ends an execution on AWS), at the state it was in, so that
 * it can be redriven: a daily run still STARTED is recorded FAILED with the reason (what the daily
 * workflow's RecordFailure does; its entries are purged by the day's next run, as for any failed
 * run); a monthly close returns its month to OPEN with the reason (what the close's RecordFailure
 * does). The run or month is settled before the execution, so a sweep cut short is done again in
 * full by the next owner.
 */
final class DeadRunSweep {

    /** The error of a run or execution whose process ended before it did. */
    static final String ERROR = "ledgerflow.ProcessEnded";
    private static final String DAILY_DEFINITION = "daily-journal.asl.json";
    private static final String CLOSE_DEFINITION = "monthly-close.asl.json";

    private DeadRunSweep() {}

    /** Settles and aborts every execution recorded RUNNING; returns one line per execution, saying what was done. */
    static List<String> sweep(LocalLedger ledger, Optional<HomeLock.Owner> runner) {
        AbandonedExecutions abandoned = new AbandonedExecutions(ledger.home(), Clock.systemUTC());
        List<String> done = new ArrayList<>();
        for (Execution e : abandoned.running()) {
            String cause = cause(runner);
            String settled = settle(ledger, e, ERROR + ": " + cause);
            abandoned.abort(e, ERROR, cause);
            done.add("execution " + e.name() + " was left RUNNING by " + runner.map(o -> "pid " + o.pid()).orElse("a process")
                    + ", which ended: recorded ABORTED (it can be redriven)" + settled);
        }
        return done;
    }

    static String cause(Optional<HomeLock.Owner> runner) {
        return "the process running it ended before it finished"
                + runner.map(o -> " (pid " + o.pid() + ", " + o.command() + ", running since " + o.since() + ")")
                        .orElse(" (its pid was not recorded)");
    }

    /** The workflow's own failure recording, for the execution's state machine; what it did, for the notice. */
    private static String settle(LocalLedger ledger, Execution e, String failure) {
        String definition = definitionOf(e.stateMachineName());
        JsonNode input = e.input();
        if (DAILY_DEFINITION.equals(definition) && input.hasNonNull("runId") && input.hasNonNull("businessDate")) {
            return failRun(ledger.store(), LocalDate.parse(input.get("businessDate").asText()), input.get("runId").asText(),
                    failure);
        }
        if (CLOSE_DEFINITION.equals(definition) && input.hasNonNull("month")) {
            YearMonth month = YearMonth.parse(input.get("month").asText());
            String by = input.path("requestedBy").asText("ledgerflow");
            return "; month " + month + " is " + ledger.monthClose().recordFailure(month, by, failure);
        }
        return "";
    }

    private static String failRun(JournalStore store, LocalDate date, String runId, String failure) {
        Optional<RunRecord> run = store.runs(date).stream().filter(r -> r.runId().equals(runId)).findFirst();
        if (run.isEmpty() || run.get().status() != RunStatus.STARTED) {
            return ""; // never registered (it died in Prepare), or it ended before its execution did
        }
        store.failRun(date, runId, failure);
        return "; run " + runId + " of " + date + " recorded FAILED";
    }

    private static String definitionOf(String stateMachineName) {
        return LocalLedger.stack().stateMachines().stream().filter(m -> m.name().equals(stateMachineName)
                        || m.definitionUri().equals(stateMachineName + ".asl.json")) // a record of the older form
                .findFirst()
                .map(m -> m.definitionUri()).orElse(null);
    }
}
