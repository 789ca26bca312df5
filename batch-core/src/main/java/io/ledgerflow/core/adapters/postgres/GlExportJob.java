package io.ledgerflow.core.adapters.postgres;

import static io.ledgerflow.core.adapters.postgres.schema.Tables.EXPORT_BATCH;
import static io.ledgerflow.core.adapters.postgres.schema.Tables.GL_INTERFACE;

import io.ledgerflow.core.adapters.postgres.schema.tables.records.GlInterfaceRecord;
import io.ledgerflow.core.close.ExportRequest;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.LedgerLines;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The month-end export as a Spring Batch job, its JDBC job repository in the ledger database.
 *
 * <p>One chunk-oriented step reads the month's ledger lines and writes the {@code export_batch}
 * row and every {@code gl_interface} row through jOOQ. The commit interval is the month's line
 * count, so the whole export is one chunk and one transaction: the general ledger sees all of it or
 * none of it (a month's export is summarized, thousands of rows at most, whatever the record
 * volume). The reader keeps its position in the step's execution context, so a failed export is
 * restarted by starting the job again with the same parameters (ledger, period, lines' digest).
 */
final class GlExportJob {

    static final String JOB_NAME = "gl-export";
    static final String STATUS_NEW = "NEW";
    static final String BATCH_COMPLETE = "COMPLETE";

    private final DSLContext sql;
    private final JdbcTransactionManager transactions;
    private final JobRepository repository;
    private final TaskExecutorJobOperator operator;

    GlExportJob(DataSource dataSource, DSLContext sql) {
        this.sql = sql;
        this.transactions = new JdbcTransactionManager(dataSource);
        try {
            JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
            factory.setDataSource(dataSource);
            factory.setTransactionManager(transactions);
            factory.setDatabaseType("POSTGRES");
            factory.afterPropertiesSet();
            this.repository = factory.getObject();
            this.operator = new TaskExecutorJobOperator();
            operator.setJobRepository(repository);
            operator.setJobRegistry(new MapJobRegistry());
            operator.setTaskExecutor(new SyncTaskExecutor());
            operator.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the export job's repository: " + e.getMessage(), e);
        }
    }

    /** Thrown when the job ends in any state but COMPLETED; carries the job's failures. */
    static final class ExportJobFailedException extends RuntimeException {
        private final boolean unreachable;

        ExportJobFailedException(String message, Throwable cause, boolean unreachable) {
            super(message, cause);
            this.unreachable = unreachable;
        }

        boolean unreachable() {
            return unreachable;
        }
    }

    /**
     * The batch a run writes: its sequence in the month, its kind, the digest of the month's
     * position after it (the request's lines) and of its own lines.
     */
    record BatchInfo(int sequence, String kind, String monthDigest, String linesDigest) {}

    /**
     * Runs (or restarts) the export to {@code ledger} of {@code lines} (the request's lines, or the
     * difference an adjustment posts) as one batch. A batch of no lines is written without the chunk
     * step (the step would never call its writer): one insert, atomic by itself.
     */
    void run(String ledger, ExportRequest request, List<LedgerLine> lines, BatchInfo info) {
        if (lines.isEmpty()) {
            insertBatch(ledger, request, 0, info, OffsetDateTime.now(ZoneOffset.UTC));
            return;
        }
        JobParameters parameters = new JobParametersBuilder()
                .addString("ledger", ledger)
                .addString("period", request.month().toString())
                .addLong("sequence", (long) info.sequence())
                .addString("lines", LedgerLines.digest(lines).substring(0, 32))
                .toJobParameters();
        Job job = new JobBuilder(JOB_NAME, repository).start(step(ledger, request, lines, info)).build();
        JobExecution execution;
        try {
            recoverInterrupted(parameters);
            execution = operator.start(job, parameters);
        } catch (Exception e) {
            throw new ExportJobFailedException("the export job of " + request.month() + " could not start: " + e.getMessage(),
                    e, isConnectionFailure(e));
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            List<Throwable> failures = execution.getAllFailureExceptions();
            Throwable first = failures.isEmpty() ? null : failures.get(0);
            throw new ExportJobFailedException("the export job of " + request.month() + " ended " + execution.getStatus()
                    + (first == null ? "" : ": " + first.getMessage()) + "; nothing was exported (one transaction)",
                    first, first != null && isConnectionFailure(first));
        }
    }

    /**
     * Marks this batch's last execution FAILED when the repository still has it running. Only the
     * close that holds the month (its Lock state lets one close of a month past) exports it, so such
     * an execution is one whose process ended inside the job (kill -9, a Lambda timeout) before
     * Spring Batch could record its end; left running, it would refuse every restart for ever.
     * Recovering it lets the job restart; the ledger's {@code UNIQUE (ledger, period, sequence)}
     * still refuses a second posting of the batch.
     */
    private void recoverInterrupted(JobParameters parameters) {
        JobExecution last = repository.getLastJobExecution(JOB_NAME, parameters);
        if (last != null && last.isRunning()) {
            operator.recover(last);
        }
    }

    private Step step(String ledger, ExportRequest request, List<LedgerLine> lines, BatchInfo info) {
        return new StepBuilder("write-gl-interface", repository)
                .<LedgerLine, LedgerLine>chunk(Math.max(1, lines.size()))
                .transactionManager(transactions)
                .reader(new LinesReader(lines))
                .writer(new GlInterfaceWriter(ledger, request, lines.size(), info))
                .build();
    }

    private long insertBatch(String ledger, ExportRequest request, int rows, BatchInfo info, OffsetDateTime now) {
        return sql.insertInto(EXPORT_BATCH)
                .set(EXPORT_BATCH.LEDGER, ledger)
                .set(EXPORT_BATCH.PERIOD, request.month().toString())
                .set(EXPORT_BATCH.ACCOUNTING_DATE, request.month().atEndOfMonth())
                .set(EXPORT_BATCH.STATUS, BATCH_COMPLETE)
                .set(EXPORT_BATCH.ROW_COUNT, rows)
                .set(EXPORT_BATCH.CODE_FINGERPRINT, request.codeFingerprint())
                .set(EXPORT_BATCH.REQUESTED_BY, request.requestedBy())
                .set(EXPORT_BATCH.CREATED_AT, now)
                .set(EXPORT_BATCH.SEQUENCE, info.sequence())
                .set(EXPORT_BATCH.KIND, info.kind())
                .set(EXPORT_BATCH.LINES_DIGEST, info.linesDigest())
                .set(EXPORT_BATCH.MONTH_DIGEST, info.monthDigest())
                .returning(EXPORT_BATCH.BATCH_ID)
                .fetchSingle(EXPORT_BATCH.BATCH_ID);
    }

    /** The month's lines, one by one; restartable (the position is in the step's execution context). */
    static final class LinesReader extends AbstractItemCountingItemStreamItemReader<LedgerLine> {
        private final List<LedgerLine> lines;

        LinesReader(List<LedgerLine> lines) {
            this.lines = lines;
            setName("ledger-lines");
        }

        @Override
        protected LedgerLine doRead() {
            int index = getCurrentItemCount() - 1;
            return index < lines.size() ? lines.get(index) : null;
        }

        @Override
        protected void doOpen() {}

        @Override
        protected void doClose() {}
    }

    /** Writes the batch and its rows in the chunk's transaction (jOOQ joins it through the data source proxy). */
    private final class GlInterfaceWriter implements ItemWriter<LedgerLine> {
        private final String ledger;
        private final ExportRequest request;
        private final int linesCount;
        private final BatchInfo info;

        GlInterfaceWriter(String ledger, ExportRequest request, int linesCount, BatchInfo info) {
            this.ledger = ledger;
            this.request = request;
            this.linesCount = linesCount;
            this.info = info;
        }

        @Override
        public void write(Chunk<? extends LedgerLine> chunk) {
            if (chunk.size() != linesCount) {
                // The all-or-nothing promise rests on one chunk holding the whole batch.
                throw new IllegalStateException("the export of " + request.month() + " must be one chunk of "
                        + linesCount + " lines, got " + chunk.size());
            }
            CrashPoint.reached("export-write"); // inside the job and its open transaction: nothing committed yet
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            String period = request.month().toString();
            long batchId = insertBatch(ledger, request, chunk.size(), info, now);
            List<GlInterfaceRecord> rows = new ArrayList<>(chunk.size());
            int lineNo = 0;
            for (LedgerLine line : chunk) {
                GlInterfaceRecord row = sql.newRecord(GL_INTERFACE);
                row.setGroupId(batchId);
                row.setStatus(STATUS_NEW);
                row.setLedger(ledger);
                row.setAccountingDate(line.accountingDate());
                row.setPeriod(period);
                row.setCurrencyCode(line.currency().code());
                row.setSegmentCompany(request.company());
                row.setSegmentAccount(line.account());
                row.setSegmentDepartment(line.department());
                row.setTaxCode(line.taxCode());
                row.setEnteredDr(line.enteredDr().amount());
                row.setEnteredCr(line.enteredCr().amount());
                row.setBatchName("LEDGERFLOW " + period + " #" + batchId);
                row.setJournalName("LEDGERFLOW " + period + " " + line.currency().code()
                        + (info.sequence() == 1 ? "" : " ADJ " + (info.sequence() - 1)));
                row.setLineNo(++lineNo);
                row.setCreatedAt(now);
                rows.add(row);
            }
            sql.batchInsert(rows).execute();
        }
    }

    /** True when the failure (or one of its causes) is a lost or refused database connection (SQL state class 08). */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return true;
            }
        }
        return false;
    }
}
