package io.ledgerflow.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BillingGeneratorTest {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    private static String generate(long records, long seed, double badFraction) {
        StringWriter out = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, records, seed, badFraction, 0.08)).write(out);
        return out.toString();
    }

    @Test
    void sameSeed_givesTheSameFile_otherSeedAnother() {
        assertThat(generate(2_000, 7, 0.001)).isEqualTo(generate(2_000, 7, 0.001));
        assertThat(generate(2_000, 7, 0.001)).isNotEqualTo(generate(2_000, 8, 0.001));
    }

    @Test
    void badLines_coverEveryRejectReason_andEveryLineIsAccountedFor() {
        Rules rules = RulesLoader.load(Path.of("../fixtures/rules.yaml"));
        byte[] csv = generate(20_000, 3, 0.02).getBytes(StandardCharsets.UTF_8);
        JournalRun run;
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(csv), "g.csv", StandardCharsets.UTF_8)) {
            run = Journalizer.journalize(rules, DATE, reader);
        }
        Set<RejectReason> seen = run.rejects().stream().map(Reject::reason).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(RejectReason.class)));
        // every reason a line can earn; ENTRY_TOO_LARGE is the store's (an entry over its item limit)
        assertThat(seen).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectReason.ENTRY_TOO_LARGE)));
        assertThat(run.linesRead()).isEqualTo(20_000);
        assertThat(run.post(entry -> { }).linesPosted() + run.linesQuarantined()).isEqualTo(20_000);
    }

    @Test
    void defaultMix_hasCreditsUsdAndEveryTaxCode() {
        String csv = generate(5_000, 1, 0);
        assertThat(csv.lines().count()).isEqualTo(5_001);
        assertThat(csv).contains(",S10,", ",R8,", ",ZR,", ",EX,", ",USD,", ",JPY,");
        long credits = csv.lines().skip(1).filter(l -> l.split(",")[7].startsWith("-")).count();
        assertThat(credits).isBetween(150L, 350L); // about 5 %
    }
}
