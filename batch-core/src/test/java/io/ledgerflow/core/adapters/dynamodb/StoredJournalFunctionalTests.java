package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance: for every golden case, the day's journal read back from the store is byte for byte
 * the {@code journalize} output for the same input (and the golden expected file), and the
 * store's trial balance is the golden trial balance.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class StoredJournalFunctionalTests {

    static Stream<String> goldenCases() throws IOException {
        try (Stream<Path> dirs = Files.list(TestDays.FIXTURES.resolve("journalize"))) {
            return dirs.filter(dir -> Files.exists(dir.resolve("case.properties")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void journalReadBackFromTheStore_equalsJournalizeOutput(String name, LocalDynamoDb dynamo) throws IOException {
        // given the case journalized exactly as `ledgerflow journalize` does
        Path dir = TestDays.FIXTURES.resolve("journalize").resolve(name);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("case.properties"))) {
            props.load(in);
        }
        LocalDate date = LocalDate.parse(props.getProperty("date"));
        Charset charset = Charset.forName(props.getProperty("encoding", "UTF-8"));
        Day day;
        try (BillingCsvReader reader = BillingCsvReader.open(dir.resolve("input.csv"), charset)) {
            day = TestDays.journalize(date, reader, RulesLoader.load(TestDays.FIXTURES.resolve(props.getProperty("rules"))));
        }
        String journalized = day.csv();

        // when it goes through the store
        var store = Stores.store(dynamo.client(), dynamo.freshTable());
        store.beginRun(Stores.daily("golden-" + name, date));
        store.writeEntries(date, "golden-" + name, day.entries());
        store.publishRun(date, "golden-" + name, day.completion(), day.summary());

        // then
        String stored = TestDays.csv(store.journal(date));
        assertThat(stored.getBytes(StandardCharsets.UTF_8)).isEqualTo(journalized.getBytes(StandardCharsets.UTF_8));
        assertThat(stored).isEqualTo(Files.readString(dir.resolve("expected-journal.csv"), StandardCharsets.UTF_8));
        StringWriter balance = new StringWriter();
        store.trialBalance(date).write(balance);
        assertThat(balance.toString())
                .isEqualTo(Files.readString(dir.resolve("expected-trial-balance.csv"), StandardCharsets.UTF_8));
    }
}
