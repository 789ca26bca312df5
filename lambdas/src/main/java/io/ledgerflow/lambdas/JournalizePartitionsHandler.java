package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerflow.core.daily.DailyJournalService.ManifestItem;
import io.ledgerflow.core.daily.DailyJournalService.WorkerRequest;
import io.ledgerflow.core.daily.DailyJournalService.WorkerResult;
import io.ledgerflow.core.daily.ObjectRef;
import java.time.LocalDate;
import java.util.List;

/** The Distributed Map's worker: journalizes a batch of partitions and writes their entries. */
public final class JournalizePartitionsHandler extends JsonHandler<JournalizePartitionsHandler.Batch, WorkerResult> {

    /** The ItemBatcher's event: the batch's items and the run they belong to. */
    public record Batch(@JsonProperty("Items") List<ManifestItem> items, @JsonProperty("BatchInput") Run run) {}

    /** The ItemBatcher's BatchInput. */
    public record Run(String runId, LocalDate businessDate, ObjectRef rules, String workBucket) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public JournalizePartitionsHandler() {
        this(null);
    }

    public JournalizePartitionsHandler(Collaborators collaborators) {
        super(Batch.class);
        this.collaborators = collaborators;
    }

    @Override
    WorkerResult handle(Batch event, Context context) {
        Collaborators c = collaborators != null ? collaborators : Collaborators.fromEnvironment();
        Run run = event.run();
        long throttledBefore = c.service().throttledWrites();
        WorkerResult result = c.service().journalize(new WorkerRequest(run.runId(), run.businessDate(), run.rules(),
                run.workBucket(), event.items()), c.progress());
        Telemetry.count(Telemetry.LINES_READ, result.linesRead());
        Telemetry.count(Telemetry.LINES_POSTED, result.linesPosted());
        Telemetry.count(Telemetry.LINES_QUARANTINED, result.linesQuarantined());
        Telemetry.count(Telemetry.ENTRIES_WRITTEN, result.entries());
        // On AWS the sandbox runs one invocation at a time; the embedded runtime's concurrent
        // workers share a store, so there one worker's figure may hold a neighbour's throttles.
        Telemetry.count(Telemetry.THROTTLED_WRITES, c.service().throttledWrites() - throttledBefore);
        return result;
    }
}
