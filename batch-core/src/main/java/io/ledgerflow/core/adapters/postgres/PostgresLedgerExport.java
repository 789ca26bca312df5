package io.ledgerflow.core.adapters.postgres;

import static io.ledgerflow.core.adapters.postgres.schema.Tables.EXPORT_BATCH;
import static io.ledgerflow.core.adapters.postgres.schema.Tables.GL_INTERFACE;

import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.ExportMismatchException;
import io.ledgerflow.core.close.ExportRequest;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.LedgerLines;
import io.ledgerflow.core.close.LedgerUnavailableException;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.SummaryLine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The ledger database in PostgreSQL: its schema checked on connect (applied by {@link LedgerSchema}
 * at deploy time, not here), rows written and read through jOOQ's generated classes, the export run as the Spring Batch job {@link GlExportJob}.
 */
public final class PostgresLedgerExport implements LedgerExport {

    /** Seconds to wait for the database before calling it unreachable. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final LedgerDatabaseSettings settings;
    private final DSLContext sql;
    private final GlExportJob job;

    private PostgresLedgerExport(LedgerDatabaseSettings settings, DataSource dataSource) {
        this.settings = settings;
        // jOOQ takes the connection of the Spring transaction in progress (the export's chunk), if any.
        this.sql = DSL.using(new DefaultConfiguration()
                .set(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(dataSource)))
                .set(SQLDialect.POSTGRES));
        this.job = new GlExportJob(dataSource, sql);
    }

    /**
     * Connects, checks that the schema is current, and readies the export job. The export never
     * migrates: that needs DDL rights on the shared ledger database, which only the deploy's
     * migration step has ({@link LedgerSchema#migrate}, {@code ledgerflow ledger migrate}). Throws
     * {@link LedgerUnavailableException} when the database cannot be reached, and
     * {@link LedgerSchemaNotMigratedException} when its schema is missing or behind this code.
     */
    public static PostgresLedgerExport connect(LedgerDatabaseSettings settings) {
        PGSimpleDataSource dataSource = dataSource(settings);
        probe(dataSource, settings);
        LedgerSchema.requireCurrent(dataSource, settings);
        return new PostgresLedgerExport(settings, dataSource);
    }

    /** A data source with the export's timeouts (the driver's own pooling is not needed: one job at a time). */
    static PGSimpleDataSource dataSource(LedgerDatabaseSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        dataSource.setPassword(settings.password());
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setApplicationName("ledgerflow");
        return dataSource;
    }

    /** One connection, to report an unreachable database as such before anything else tries. */
    static void probe(DataSource dataSource, LedgerDatabaseSettings settings) {
        try (Connection probe = dataSource.getConnection()) {
            probe.isValid(CONNECT_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new LedgerUnavailableException("the ledger database at " + settings.jdbcUrl() + " cannot be reached: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String ledger() {
        return settings.ledger();
    }

    @Override
    public ExportBatch export(ExportRequest request) {
        YearMonth month = request.month();
        String wanted = LedgerLines.digest(request.lines());
        List<ExportBatch> existing = batches(month);
        Optional<ExportBatch> same = sameContent(month, existing, wanted);
        if (same.isPresent()) {
            return same.get();
        }
        List<LedgerLine> lines = request.lines();
        int sequence = 1;
        String kind = ExportBatch.FULL;
        if (!existing.isEmpty()) {
            List<Long> unknown = existing.stream().map(ExportBatch::batchId)
                    .filter(id -> !request.acknowledgedBatches().contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new ExportMismatchException("the ledger " + settings.ledger() + " holds batch " + unknown
                        + " of " + month + " whose lines differ from the month's summary (digest " + wanted.substring(0, 12)
                        + "), and the month has no audited reopen after it: exporting would return a stale batch."
                        + " Compare 'ledgerflow gl-export --month " + month + "' with 'ledgerflow trial-balance --month "
                        + month + "'; to post the difference, 'ledgerflow reopen --month " + month
                        + " --reason TEXT' and close again");
            }
            lines = LedgerLines.difference(month, lines(month), request.lines());
            sequence = existing.get(existing.size() - 1).sequence() + 1;
            kind = ExportBatch.ADJUSTMENT;
        }
        try {
            job.run(settings.ledger(), request, lines, new GlExportJob.BatchInfo(sequence, kind, wanted, LedgerLines.digest(lines)));
        } catch (GlExportJob.ExportJobFailedException e) {
            // Another export of the same month may have won the race (the unique batch per sequence).
            Optional<ExportBatch> raced = sameContent(month, batches(month), wanted);
            if (raced.isPresent()) {
                return raced.get();
            }
            if (e.unreachable()) {
                throw new LedgerUnavailableException("the ledger database at " + settings.jdbcUrl()
                        + " failed during the export of " + month + ": " + e.getMessage(), e);
            }
            throw e;
        }
        CrashPoint.reached("export-commit"); // the batch is committed; the month is not yet marked exported
        ExportBatch written = batch(month).filter(b -> wanted.equals(monthDigest(b.batchId()))).orElseThrow(() ->
                new IllegalStateException("the export job of " + month + " completed without writing its batch"));
        return written.asCreated();
    }

    /** The month's latest batch when the ledger's position for the month has the wanted content. */
    private Optional<ExportBatch> sameContent(YearMonth month, List<ExportBatch> batches, String wanted) {
        if (batches.isEmpty()) {
            return Optional.empty();
        }
        return LedgerLines.digest(lines(month)).equals(wanted) ? Optional.of(batches.get(batches.size() - 1)) : Optional.empty();
    }

    private String monthDigest(long batchId) {
        return unreachableAsLedgerUnavailable(() -> sql.select(EXPORT_BATCH.MONTH_DIGEST).from(EXPORT_BATCH)
                .where(EXPORT_BATCH.BATCH_ID.eq(batchId)).fetchOne(EXPORT_BATCH.MONTH_DIGEST));
    }

    @Override
    public List<ExportBatch> batches(YearMonth month) {
        return unreachableAsLedgerUnavailable(() -> sql.selectFrom(EXPORT_BATCH)
                .where(EXPORT_BATCH.LEDGER.eq(settings.ledger()), EXPORT_BATCH.PERIOD.eq(month.toString()))
                .orderBy(EXPORT_BATCH.SEQUENCE)
                .fetch(r -> new ExportBatch(r.getBatchId(), r.getLedger(), YearMonth.parse(r.getPeriod()),
                        r.getRowCount(), r.getRequestedBy(), r.getCreatedAt().toInstant(), false, r.getSequence(),
                        r.getKind())));
    }

    @Override
    public List<LedgerLine> lines(YearMonth month) {
        List<SummaryLine> rows = unreachableAsLedgerUnavailable(() -> sql.select(GL_INTERFACE.asterisk()).from(GL_INTERFACE)
                .join(EXPORT_BATCH).on(EXPORT_BATCH.BATCH_ID.eq(GL_INTERFACE.GROUP_ID))
                .where(EXPORT_BATCH.LEDGER.eq(settings.ledger()), EXPORT_BATCH.PERIOD.eq(month.toString()))
                .orderBy(EXPORT_BATCH.SEQUENCE, GL_INTERFACE.LINE_NO)
                .fetch(r -> {
                    var row = r.into(GL_INTERFACE);
                    CurrencyUnit currency = new CurrencyUnit(row.getCurrencyCode(),
                            Math.max(row.getEnteredDr().scale(), row.getEnteredCr().scale()));
                    return new SummaryLine(row.getSegmentAccount(), row.getSegmentDepartment(), row.getTaxCode(), currency,
                            Money.of(currency, row.getEnteredDr()), Money.of(currency, row.getEnteredCr()));
                }));
        // The month's batches added up: its first export and every adjustment, netted per line.
        return LedgerLines.of(month, rows);
    }

    private <T> T unreachableAsLedgerUnavailable(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (org.jooq.exception.DataAccessException e) {
            if (GlExportJob.isConnectionFailure(e)) {
                throw new LedgerUnavailableException("the ledger database at " + settings.jdbcUrl()
                        + " cannot be reached: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
