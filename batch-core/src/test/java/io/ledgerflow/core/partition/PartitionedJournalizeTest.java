package io.ledgerflow.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.RunTotals;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.journal.csv.RejectsCsvWriter;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A day split into partitions and journalized piece by piece gives exactly the whole-file result. */
class PartitionedJournalizeTest {

    static final Rules RULES = RulesLoader.load(Path.of("../fixtures/rules.yaml"));
    static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    record Outcome(String journal, String rejects, long read, long posted, long quarantined) {}

    static BillingCsvReader reader(String csv) {
        return BillingCsvReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "day.csv",
                StandardCharsets.UTF_8);
    }

    static Outcome whole(String csv) {
        JournalRun run;
        try (BillingCsvReader reader = reader(csv)) {
            run = Journalizer.journalize(RULES, DATE, reader);
        }
        StringWriter journal = new StringWriter();
        RunTotals totals = run.post(new JournalCsvWriter(journal)::write);
        StringWriter rejects = new StringWriter();
        RejectsCsvWriter.write(rejects, run.rejects());
        return new Outcome(journal.toString(), rejects.toString(), totals.linesRead(), totals.linesPosted(),
                totals.linesQuarantined());
    }

    static Outcome partitioned(String csv, int partitionLines) {
        List<Partition> partitions;
        try (BillingCsvReader reader = reader(csv)) {
            partitions = DayPartitioner.split(reader, partitionLines);
        }
        List<JournalEntry> entries = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        long read = 0, posted = 0, quarantined = 0;
        for (Partition partition : partitions) {
            // Through the document format, as a worker receives it.
            Partition received = PartitionJson.read(new ByteArrayInputStream(PartitionJson.write(partition)), "p");
            JournalRun run = Journalizer.journalize(RULES, DATE, received);
            RunTotals totals = run.post(entries::add);
            rejects.addAll(run.rejects());
            read += totals.linesRead();
            posted += totals.linesPosted();
            quarantined += totals.linesQuarantined();
        }
        entries.sort(Comparator.comparing(JournalEntry::invoiceId));
        rejects.sort(Comparator.comparingLong(Reject::lineNumber));
        StringWriter journal = new StringWriter();
        JournalCsvWriter writer = new JournalCsvWriter(journal);
        entries.forEach(writer::write);
        StringWriter rejectText = new StringWriter();
        RejectsCsvWriter.write(rejectText, rejects);
        return new Outcome(journal.toString(), rejectText.toString(), read, posted, quarantined);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 2_000})
    void partitions_journalizedApart_equalTheWholeFile(int partitionLines) {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, 6_000, 5, 0.05, 0.1)).write(text);
        List<String> lines = new ArrayList<>(text.toString().lines().toList());
        String header = lines.removeFirst();
        Collections.shuffle(lines, new Random(5)); // invoices scattered, duplicates far apart
        String csv = header + "\n" + String.join("\n", lines) + "\n";

        assertThat(partitioned(csv, partitionLines)).isEqualTo(whole(csv));
    }

    @Test
    void rejectReasonsFixture_partitionedByOneLine_equalsTheGoldenFile() throws Exception {
        Path dir = Path.of("../fixtures/journalize/reject-reasons");
        String csv = Files.readString(dir.resolve("input.csv"));
        Outcome outcome = partitioned(csv, 1);
        assertThat(outcome.journal()).isEqualTo(Files.readString(dir.resolve("expected-journal.csv")));
        assertThat(outcome.rejects()).isEqualTo(Files.readString(dir.resolve("expected-rejects.csv")));
    }

    @Test
    void invoice_isNeverSplitAcrossPartitions() {
        String csv = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,quantity,unit_price,currency\n"
                + "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY\nB2,I2,2026-11-20,S,C,FREIGHT,S10,1,1,JPY\n"
                + "B3,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY\nB4,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY\n";
        List<Partition> partitions;
        try (BillingCsvReader reader = reader(csv)) {
            partitions = DayPartitioner.split(reader, 2);
        }
        assertThat(partitions).hasSize(2);
        assertThat(partitions.get(0).rows()).extracting(PartitionRow::lineNumber).containsExactly(2L, 4L, 5L);
        assertThat(partitions.get(1).rows()).extracting(PartitionRow::lineNumber).containsExactly(3L);
    }

    @Test
    void headerWithSpacesAroundNames_splitsAndJournalizesAsTheWholeFile() {
        // given a header whose names carry spaces, as some site systems write it
        String csv = " billing_id , invoice_id ,business_date, site_code,customer_code,billing_type,tax_code,quantity,unit_price,currency \n"
                + "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY\nB2,I2,2026-11-20,S,C,FREIGHT,S10,1,50,JPY\n"
                + "B3,I1,2026-11-20,S,C,FREIGHT,S10,2,100,JPY\nB1,I3,2026-11-20,S,C,FREIGHT,S10,1,10,JPY\n";

        // when it is split (as the daily workflow does) and journalized partition by partition
        Outcome outcome = partitioned(csv, 2);

        // then the invoices stayed whole, the duplicate was found, and it equals the whole-file calculation
        assertThat(outcome).isEqualTo(whole(csv));
        assertThat(outcome.posted()).isEqualTo(3);
        assertThat(outcome.rejects()).contains("5,B1,I3,DUPLICATE_BILLING_ID");
    }
}
