package io.ledgerflow.core.daily;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The daily workflow's execution input: its contract with the Prepare step and the Map, built by
 * {@code ledgerflow daily} and by the scheduler's start function alike. Step Functions compares
 * inputs when a name is reused, so both must build it field for field the same.
 */
public record DailyRunInput(
        String runId,
        LocalDate businessDate,
        String encoding,
        ObjectRef input,
        ObjectRef rules,
        String workBucket,
        int partitionLines,
        int partitionsPerBatch,
        int maxConcurrency,
        BigDecimal maxRejectPercent,
        String requestedBy,
        String reason) {

    /** The defaults of a run, for the command line and the schedule. */
    public static final String DEFAULT_ENCODING = "UTF-8";
    /**
     * Lines per partition. Each partition costs a put in Prepare, a get and two puts in its worker
     * and two gets in Finalize, each hashed and signed through S3, and its pages are a worker
     * call's entries of a shard: 10,000-line partitions took about a quarter less CPU than 2,000-line
     * ones for the same day (BENCHMARKS.md, daily workflow), and still give a 500,000-line day 50
     * partitions to spread over the workers.
     */
    public static final int DEFAULT_PARTITION_LINES = 10_000;
    public static final int DEFAULT_PARTITIONS_PER_BATCH = 2;
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    public static final String DEFAULT_MAX_REJECT_PERCENT = "1.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    public DailyRunInput {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(workBucket, "workBucket");
        Objects.requireNonNull(maxRejectPercent, "maxRejectPercent");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
    }

    /** As JSON, with numbers as JSON reads them back (so that two inputs compare equal whoever wrote them). */
    public ObjectNode toJson() {
        ObjectNode in = JSON.createObjectNode();
        in.put("runId", runId).put("businessDate", businessDate.toString()).put("encoding", encoding);
        in.putObject("input").put("bucket", input.bucket()).put("key", input.key());
        in.putObject("rules").put("bucket", rules.bucket()).put("key", rules.key());
        in.put("workBucket", workBucket).put("partitionLines", partitionLines)
                .put("partitionsPerBatch", partitionsPerBatch).put("maxConcurrency", maxConcurrency)
                .put("maxRejectPercent", maxRejectPercent).put("requestedBy", requestedBy).put("reason", reason);
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(in));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
