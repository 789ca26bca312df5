package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.close.LedgerExportCsv;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.failure.BusinessFailureException;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.PeriodState;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The finance console's two operations on the ledger database, which the console function (outside
 * the VPC) cannot reach: it invokes this function synchronously (Lambda Invoke, RequestResponse).
 * The same rules as {@code ledgerflow reopen} and {@code ledgerflow gl-export}: batch-core's
 * {@link MonthClose#reopen} and {@link MonthClose#ledgerMonth}. Who may ask is the console's
 * check (the closer role); who asked comes in the request, from the console's authorizer.
 *
 * <p>A refusal by the ledger's rules (a reopen of an OPEN month) is an answer, {@code refused};
 * anything else is the function's error. A synchronous answer is at most 6 MB: an export larger
 * than {@link Exports#inlineBytesMax} goes to the exports bucket and the answer names it.
 */
public final class ConsoleLedgerHandler extends JsonHandler<ConsoleLedgerHandler.Request, ConsoleLedgerHandler.Answer> {

    /** What the console asks for. */
    public enum Operation { REOPEN, GL_EXPORT }

    /**
     * @param reason      why (REOPEN; recorded)
     * @param requestedBy the signed-in user, as the console's authorizer names them (REOPEN; recorded)
     */
    public record Request(Operation operation, YearMonth month, String reason, String requestedBy) {}

    /**
     * @param refused       why the ledger's rules refused the operation; null when it was done
     * @param was           REOPEN: the state the month left
     * @param exportBatches REOPEN: the ledger's batches of the month (non-empty: the next close exports the difference)
     * @param exported      GL_EXPORT: false when the ledger holds no batch of the month
     * @param batchId       GL_EXPORT: the month's latest batch
     * @param rows          GL_EXPORT: the export's rows
     * @param csv           GL_EXPORT: the export as DESIGN's CSV, when it fits the answer
     * @param exportBucket  GL_EXPORT: where the export was written instead, when it does not
     * @param exportKey     GL_EXPORT: its key there
     */
    public record Answer(Operation operation, YearMonth month, String refused, PeriodState was, List<Long> exportBatches,
            boolean exported, Long batchId, Integer rows, String csv, String exportBucket, String exportKey) {

        static Answer refused(Request request, String why) {
            return new Answer(request.operation(), request.month(), why, null, null, false, null, null, null, null, null);
        }
    }

    /**
     * Where an export too large for the answer goes.
     *
     * @param inlineBytesMax the largest CSV returned in the answer: a quarter of Lambda's 6 MB synchronous
     *                       response, because JSON may escape every character of it into two
     */
    public record Exports(ObjectStore objects, String bucket, int inlineBytesMax) {
        /** The key prefix of the exports the console hands out (the console may read only there). */
        public static final String PREFIX = "console-exports/";
        public static final int INLINE_BYTES_MAX = 1536 * 1024;

        public Exports {
            Objects.requireNonNull(objects, "objects");
            Objects.requireNonNull(bucket, "bucket");
            if (inlineBytesMax < 1 || inlineBytesMax > INLINE_BYTES_MAX) {
                throw new IllegalArgumentException("inline export bytes are 1 to " + INLINE_BYTES_MAX + ", not " + inlineBytesMax);
            }
        }
    }

    /** Environment variable naming the bucket of exports too large for the answer (the work bucket). */
    public static final String EXPORTS_BUCKET_ENV = "LEDGERFLOW_CONSOLE_EXPORTS_BUCKET";

    private final Collaborators collaborators;
    private final Exports exports;

    /** For the Lambda runtime. */
    public ConsoleLedgerHandler() {
        this(null, null);
    }

    public ConsoleLedgerHandler(Collaborators collaborators, Exports exports) {
        super(Request.class);
        this.collaborators = collaborators;
        this.exports = exports;
    }

    @Override
    Answer handle(Request event, Context context) {
        if (event.operation() == null || event.month() == null) {
            throw new IllegalArgumentException("a console request names an operation (" + List.of(Operation.values())
                    + ") and a month");
        }
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        return switch (event.operation()) {
            case REOPEN -> reopen(close, event);
            case GL_EXPORT -> glExport(close, event, exports != null ? exports : exportsFromEnvironment());
        };
    }

    private static Answer reopen(MonthClose close, Request event) {
        MonthClose.Reopened reopened;
        try {
            reopened = close.reopen(event.month(), event.requestedBy(), event.reason());
        } catch (BusinessFailureException | IllegalArgumentException e) {
            return Answer.refused(event, e.getMessage()); // PeriodRules.requireReopenable: OPEN already, no who or why
        }
        return new Answer(event.operation(), event.month(), null, reopened.was(), reopened.exportBatches(), false, null,
                null, null, null, null);
    }

    private static Answer glExport(MonthClose close, Request event, Exports exports) {
        Optional<MonthClose.LedgerMonth> held = close.ledgerMonth(event.month());
        if (held.isEmpty()) {
            return new Answer(event.operation(), event.month(), null, null, null, false, null, null, null, null, null);
        }
        StringWriter text = new StringWriter();
        LedgerExportCsv.write(held.get().lines(), text);
        byte[] csv = text.toString().getBytes(StandardCharsets.UTF_8);
        long batchId = held.get().batch().batchId();
        int rows = held.get().lines().size();
        if (csv.length <= exports.inlineBytesMax()) {
            return new Answer(event.operation(), event.month(), null, null, null, true, batchId, rows, text.toString(),
                    null, null);
        }
        String key = Exports.PREFIX + event.month() + "/batch-" + batchId + ".csv";
        exports.objects().put(exports.bucket(), key, csv);
        return new Answer(event.operation(), event.month(), null, null, null, true, batchId, rows, null, exports.bucket(), key);
    }

    private static Exports exportsFromEnvironment() {
        return FunctionEnvironment.singleton(Exports.class, ConsoleLedgerHandler::buildExports);
    }

    private static Exports buildExports(Map<String, String> env) {
        String bucket = env.get(EXPORTS_BUCKET_ENV);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("environment variable " + EXPORTS_BUCKET_ENV + " is not set");
        }
        return new Exports(new S3ObjectStore(AwsClients.s3(env)), bucket, Exports.INLINE_BYTES_MAX);
    }
}
