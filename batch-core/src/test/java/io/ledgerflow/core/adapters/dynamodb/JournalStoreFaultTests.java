package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.WriteNotCompletedException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Throttling and unprocessed items injected in front of a real DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalStoreFaultTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static Day day;

    @BeforeAll
    static void journalize() {
        day = TestDays.generate(DATE, 2_000, 3);
    }

    @Test
    void throttlingAndUnprocessedItems_loseNothingAndDuplicateNothing(LocalDynamoDb dynamo) {
        // given every 2nd batch half unprocessed and every 3rd batch throttled; one request in flight,
        // so the fault pattern is the same every run (with several, a batch's retries could keep landing
        // on faulty call numbers and exhaust its attempts: a flaky test, seen once in CI-like runs)
        String table = dynamo.freshTable();
        var faulty = new FaultInjectingDynamoDbClient(dynamo.client(), 2, 3, 0);
        List<Long> sleeps = new CopyOnWriteArrayList<>();
        var store = Stores.store(faulty, Stores.settings(table).withWriteConcurrency(1), sleeps);

        // when
        store.beginRun(Stores.daily("run-1", DATE));
        store.writeEntries(DATE, "run-1", day.entries());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());

        // then the faults happened, were retried after a backoff, and the journal is exact
        assertThat(faulty.throttled()).isPositive();
        assertThat(faulty.unprocessedReturned()).isPositive();
        assertThat(sleeps).isNotEmpty().allMatch(millis -> millis >= 0 && millis <= 2_000);
        assertThat(store.currentRun(DATE)).get().extracting(r -> r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
        assertThat(Stores.countEntries(dynamo.client(), table, "run-1")).isEqualTo(day.entries().size());
    }

    @Test
    void persistentThrottling_failsNamingWhatWasNotWritten(LocalDynamoDb dynamo) {
        // given a table that throttles every batch, and 3 attempts per batch
        String table = dynamo.freshTable();
        var faulty = new FaultInjectingDynamoDbClient(dynamo.client(), 0, 1, 0);
        List<Long> sleeps = new CopyOnWriteArrayList<>();
        var store = Stores.store(faulty, Stores.settings(table).withBatchAttemptsMax(3).withWriteConcurrency(1), sleeps);
        store.beginRun(Stores.daily("run-1", DATE));

        // when / then: every page of the 10 entries is named (10 entries over 8 shards, 4 a page)
        var entries = day.entries().subList(0, 10);
        int pages = EntryPages.paginate(DATE, Stores.SHARDS, Stores.PAGE_ENTRIES, entries).size();
        assertThatThrownBy(() -> store.writeEntries(DATE, "run-1", entries))
                .isInstanceOf(WriteNotCompletedException.class)
                .hasMessageContaining("entries of run run-1 for 2026-11-20: " + pages + " item(s) not written after 3 attempts")
                .hasMessageContaining("JE#2026-11-20#")
                .hasMessageContaining("injected: the level of configured provisioned throughput")
                .satisfies(e -> assertThat(((WriteNotCompletedException) e).unwrittenKeys()).hasSize(pages)
                        .allMatch(key -> key.matches("JE#2026-11-20#\\d{3}/run-1#P#.+")));
        assertThat(sleeps).hasSize(2);
        assertThat(store.journal(DATE)).isEmpty();
    }
}
