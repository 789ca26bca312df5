package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class KeysTests {

    @Test
    void shard_isAStableFunctionOfTheInvoiceId() {
        // pinned: changing the hash would hide every stored entry from its readers
        assertThat(Keys.shardOf("20261120-000001", 16)).isEqualTo(Keys.shardOf("20261120-000001", 16));
        assertThat(Keys.shardOf("INV-1", 1)).isZero();
        assertThat(Keys.entryPk(LocalDate.parse("2026-11-20"), 7)).isEqualTo("JE#2026-11-20#007");
        assertThat(Keys.entrySk("run-1", "INV-1")).isEqualTo("run-1#INV-1");
    }

    @Test
    void shards_spreadADayEvenly() {
        int shards = 16;
        long[] counts = new long[shards];
        for (int i = 0; i < 200_000; i++) {
            counts[Keys.shardOf(String.format("20261120-%06d", i), shards)]++;
        }
        long max = java.util.Arrays.stream(counts).max().orElseThrow();
        long min = java.util.Arrays.stream(counts).min().orElseThrow();
        assertThat((double) max / min).isLessThan(1.2);
    }
}
