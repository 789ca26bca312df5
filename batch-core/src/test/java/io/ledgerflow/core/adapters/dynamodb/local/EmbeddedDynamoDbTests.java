package io.ledgerflow.core.adapters.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.store.PeriodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDynamoDbTests {

    @Test
    void persistentEngine_keepsTheTableAndItsItemsAcrossRestarts(@TempDir Path home) {
        // given a store on an engine under the home, with a month moved on
        YearMonth month = YearMonth.parse("2026-10");
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.startPersistent(home); var client = engine.newClient(2)) {
            JournalTable.createIfAbsent(client, JournalTable.DEFAULT_NAME);
            var store = new DynamoDbJournalStore(client, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME),
                    Clock.systemUTC());
            store.transitionPeriod(month, PeriodState.OPEN, PeriodState.CLOSING);
            assertThat(engine.endpoint().toString()).startsWith("http://127.0.0.1:");
        }

        // when the engine is started again on the same home
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.startPersistent(home); var client = engine.newClient(2)) {
            JournalTable.createIfAbsent(client, JournalTable.DEFAULT_NAME); // first use is idempotent
            var store = new DynamoDbJournalStore(client, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME),
                    Clock.systemUTC());

            // then
            assertThat(store.periodState(month)).isEqualTo(PeriodState.CLOSING);
            assertThat(engine.dataDir()).isEqualTo(home.resolve("dynamodb").toAbsolutePath());
        }
        assertThat(Files.exists(home.resolve("dynamodb"))).isTrue();
    }

    @Test
    void embeddedJournalStore_createsTheTableOnFirstUse(@TempDir Path home) {
        try (EmbeddedJournalStore embedded = EmbeddedJournalStore.open(home, Clock.systemUTC())) {
            assertThat(embedded.store().journal(java.time.LocalDate.parse("2026-11-20"))).isEmpty();
            assertThat(embedded.store().periodState(YearMonth.parse("2026-11"))).isEqualTo(PeriodState.OPEN);
        }
    }
}
