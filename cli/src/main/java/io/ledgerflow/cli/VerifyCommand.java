package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.close.Attestation;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.files.Folders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow verify}: CI stage 2, the golden month end to end, and the attestation the close needs. */
@Command(
        name = "verify",
        header = "CI stage 2: run the golden month end to end, compare byte for byte, write the attestation.",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the golden month (fixtures/month: its days, its rerun, then close and export) through the "
                    + "daily and monthly-close workflows on a scratch embedded home, and compares every journal, the "
                    + "rejects, the month's trial balance and the ledger export with the expected files, byte for byte. "
                    + "When all match, writes an attestation for the running code (code and fixtures fingerprints) "
                    + "into --home's configuration bucket, which 'ledgerflow close' requires. Prints a unified diff "
                    + "of each mismatch and exits 1 otherwise."
        },
        footer = {"", "Examples:", "  ledgerflow verify --fixtures fixtures/month", "  ledgerflow verify   (the copy in the jar)"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--fixtures", paramLabel = "DIR",
            description = "The golden month folder (default: the copy of fixtures/month inside the jar).")
    Path fixtures;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch folder, kept for inspection (default: a temporary folder, deleted on success).")
    Path work;

    @Override
    public Integer call() {
        if (fixtures != null && !Files.isRegularFile(fixtures.resolve("month.properties"))) {
            throw new ParameterException(spec.commandLine(), "--fixtures " + fixtures + ": no month.properties there");
        }
        GoldenMonth.Source source = fixtures != null ? GoldenMonth.Source.folder(fixtures) : GoldenMonth.Source.bundled();
        return run(source, home.resolve(), work, spec.commandLine().getErr()) ? ExitCode.DONE : ExitCode.FAILED;
    }

    /** Runs stage 2 and, when it passes, attests the running code in {@code home}; returns whether it passed. */
    static boolean run(GoldenMonth.Source source, Path home, Path work, PrintWriter err) {
        GoldenMonth month = new GoldenMonth(source);
        Path scratch;
        try {
            scratch = work != null ? Files.createDirectories(work) : Files.createTempDirectory("ledgerflow-verify-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch folder: " + e.getMessage(), e);
        }
        err.println("verify: golden month " + month.month() + " from " + source.describe() + " (scratch " + scratch + ")");
        err.flush();
        long started = System.nanoTime();
        GoldenMonth.Outcome outcome = month.run(scratch, err);
        if (!outcome.passed()) {
            err.println("verify: FAILED: " + outcome.diffs().size() + " of " + outcome.filesCompared()
                    + " files differ from the expected ones (expected first, then actual):");
            outcome.diffs().forEach(err::println);
            err.println("verify: no attestation written; the scratch home is kept in " + scratch);
            err.flush();
            return false;
        }
        Attestation attestation = GoldenMonth.attestation(outcome, System.getProperty("user.name", "ci"));
        Attestations attestations = new Attestations(new FileSystemObjectStore(home.resolve("s3")), LocalLedger.CONFIG_BUCKET);
        attestations.put(attestation);
        err.printf("verify: PASSED: %d files identical in %.1f s%n", outcome.filesCompared(), (System.nanoTime() - started) / 1e9);
        err.printf("  attested code %s, fixtures %s%n", attestation.codeFingerprint().substring(0, 12),
                attestation.fixturesFingerprint().substring(0, 12));
        err.printf("  attestation: %s under %s%n", attestations.location(attestation.codeFingerprint()), home.resolve("s3"));
        err.flush();
        if (work == null) {
            Folders.deleteQuietly(scratch); // a leftover temporary folder is harmless
        }
        return true;
    }
}
