package io.ledgerflow.core.store;

import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The store contract on the in-memory adapter. */
class InMemoryJournalStoreContractTests extends JournalStoreContract {

    @BeforeEach
    void fresh() {
        AtomicLong seconds = new AtomicLong(Instant.parse("2026-11-20T15:00:00Z").getEpochSecond());
        Clock ticking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(seconds.getAndIncrement());
            }
        };
        store = new InMemoryJournalStore(ticking, 8);
    }
}
