package io.ledgerflow.cli;

import io.ledgerflow.cli.cost.CostModel;
import io.ledgerflow.cli.cost.CostModel.Estimate;
import io.ledgerflow.cli.cost.CostModel.Line;
import io.ledgerflow.cli.cost.Measurements;
import io.ledgerflow.cli.cost.Prices;
import io.ledgerflow.cli.cost.Workload;
import io.ledgerflow.core.daily.DailyRunInput;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow cost}: what the workflows cost a month on AWS, from the measured figures. */
@Command(
        name = "cost",
        header = "Estimate the monthly AWS cost of the workflows.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints what the daily journal and the monthly close cost a month on AWS "
                    + "for a volume: Lambda GB-seconds and requests, Step Functions state "
                    + "transitions (Standard; the map's children optionally Express), DynamoDB "
                    + "on-demand write and read units, S3 requests and the fixed part; then the "
                    + "DynamoDB storage each month adds, and an always-on server for the peak.",
            "",
            "Inputs: the volume and the workflow's settings below. Durations per 1,000 "
                    + "records and entries per record come from BENCHMARKS.md: by default the day "
                    + "measured under DynamoDB's limits (ci/bench-daily-limits), the best local "
                    + "estimate of the day on AWS. Memory sizes come from workflows/template.yaml; "
                    + "prices are us-east-1 on-demand list prices of the date printed, to check "
                    + "before quoting. Formulas and prices: docs/cost.md"
        },
        footer = {"", "Example:", "  ledgerflow cost --records-per-day 500000 --days-per-month 30"})
final class CostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records-per-day", required = true, paramLabel = "N",
            description = "Billing records in a day's file (all sites together).")
    long recordsPerDay;

    @Option(names = "--days-per-month", defaultValue = "30", paramLabel = "D",
            description = "Daily runs a month (default: ${DEFAULT-VALUE}).")
    int daysPerMonth;

    @Option(names = "--partition-lines", defaultValue = "" + DailyRunInput.DEFAULT_PARTITION_LINES, paramLabel = "N",
            description = "Lines per partition, as 'daily --partition-lines' (default: ${DEFAULT-VALUE}).")
    int partitionLines;

    @Option(names = {"--batch", "--partitions-per-batch"}, defaultValue = "2", paramLabel = "N",
            description = "Partitions per worker invocation, the ItemBatcher's batch (default: ${DEFAULT-VALUE}).")
    int partitionsPerBatch;

    @Option(names = "--express-children",
            description = "Price the Distributed Map's child executions as Express workflows instead of Standard.")
    boolean expressChildren;

    /** Which measured durations to price. */
    enum Measured {
        limits(Measurements.UNDER_DYNAMODB_LIMITS), unlimited(Measurements.WITHOUT_DYNAMODB_LIMITS);

        final Measurements measurements;

        Measured(Measurements measurements) {
            this.measurements = measurements;
        }
    }

    @Option(names = "--measured", defaultValue = "limits", paramLabel = "RUN",
            description = {"Durations measured under DynamoDB's limits ('limits', the default: the "
                        + "best local estimate of AWS) or on DynamoDB Local without them ('unlimited')."})
    Measured measured;

    @Override
    public Integer call() {
        Workload workload;
        try {
            workload = new Workload(recordsPerDay, daysPerMonth, partitionLines, partitionsPerBatch, expressChildren);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        print(CostModel.estimate(workload, measured.measurements, Prices.US_EAST_1), spec.commandLine().getOut());
        return ExitCode.DONE;
    }

    static void print(Estimate e, PrintWriter out) {
        Workload w = e.workload();
        out.printf("ledgerflow cost: %s records a day x %d days%n  (%s partitions, %s worker calls a day)%n",
                count(w.recordsPerDay()), w.daysPerMonth(), count(w.partitions()), count(w.batches()));
        out.printf("durations: %s%n", e.measurements().source());
        out.printf("prices: %s on-demand list prices of %s, to check (docs/cost.md)%n%n",
                e.prices().region(), e.prices().asOf());
        out.printf("%-14s %-24s %14s %-12s %9s%n", "service", "item", "a month", "unit", "USD");
        for (Line line : e.lines()) {
            out.printf("%-14s %-24s %14s %-12s %9s%n", line.service(), line.item(), quantity(line.quantity()),
                    line.unit(), usd(line.cost()));
        }
        out.printf("%-14s %-24s %14s %-12s %9s%n", "total", "", "", "", usd(e.total()));
        out.println();
        out.printf("DynamoDB storage: each month adds %s GB of entries: %s USD a month more%n"
                + "  for every month kept (storage and point-in-time recovery).%n",
                quantity(e.storageAddedGb()), usd(e.storageAddedCostPerMonth()));
        out.printf("Always-on server for the peak: %d x %s, %s USD a month,%n"
                + "  against %s USD for Lambda and Step Functions (DynamoDB, S3 and the fixed%n"
                + "  part are the same either way).%n",
                e.serverInstances(), e.prices().server(), usd(e.serverTotal()), usd(CostModel.computeOnly(e)));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String quantity(BigDecimal q) {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(q);
    }

    private static String usd(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
