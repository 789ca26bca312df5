package io.ledgerflow.cli;

import io.ledgerflow.core.generate.BillingGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow generate}: synthetic billing CSV, deterministic for a seed. */
@Command(
        name = "generate",
        header = "Write synthetic, realistic billing CSV (deterministic per seed).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes synthetic, realistic billing CSV for demos and benchmarks: 40 sites, 3,000 customers, "
                    + "1-20 lines per invoice, S10/R8/ZR/EX, about 5 %% credits, a share of USD invoices, and a "
                    + "fraction of bad lines covering every reject reason. The same seed gives the same file."
        },
        footer = {"", "Example:", "  ledgerflow generate --date 2026-11-20 --records 20000 --seed 1 > b.csv"})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business date of every line.")
    LocalDate date;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many billing lines to write.")
    long records;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bad-fraction", defaultValue = "0.0005", paramLabel = "F",
            description = "Fraction of lines with a fault; each quarantines its invoice (default: ${DEFAULT-VALUE}).")
    double badFraction;

    @Option(names = "--usd-fraction", defaultValue = "0.08", paramLabel = "F",
            description = "Fraction of invoices in USD (default: ${DEFAULT-VALUE}).")
    double usdFraction;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        BillingGenerator.Settings settings;
        try {
            settings = new BillingGenerator.Settings(date, records, seed, badFraction, usdFraction);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BillingGenerator generator = new BillingGenerator(settings);
        AtomicOutput.write(out, writer -> {
            generator.write(writer);
            return null;
        });
        return ExitCode.DONE;
    }
}
