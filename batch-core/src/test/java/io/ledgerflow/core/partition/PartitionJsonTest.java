package io.ledgerflow.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionJsonTest {

    static final List<String> HEADER = List.of("billing_id", "invoice_id", "description");

    @Test
    void partition_readsBackFieldForField_commasQuotesLineBreaksNullsAndShortRows() {
        // given rows with awkward fields, a malformed row of another width, a null field and a duplicate
        List<PartitionRow> rows = new ArrayList<>();
        rows.add(new PartitionRow(2, false, new String[] {"B-1", "INV-1", "a, \"quoted\"\nline\tbreak"}));
        rows.add(new PartitionRow(3, true, new String[] {"B-1", "INV-1", "運送料 😀 \\ /"}));
        rows.add(new PartitionRow(4, false, new String[] {"only-one-field"}));
        rows.add(new PartitionRow(5_000_000_000L, false, new String[] {"B-3", null, ""}));
        Partition partition = new Partition(7, HEADER, rows);

        // when
        Partition read = PartitionJson.read(new ByteArrayInputStream(PartitionJson.write(partition)), "p");

        // then
        assertThat(read.index()).isEqualTo(7);
        assertThat(read.header()).isEqualTo(HEADER);
        assertThat(read.rows()).hasSize(4);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(read.rows().get(i).lineNumber()).isEqualTo(rows.get(i).lineNumber());
            assertThat(read.rows().get(i).duplicateBillingId()).isEqualTo(rows.get(i).duplicateBillingId());
            assertThat(read.rows().get(i).fields()).containsExactly(rows.get(i).fields());
        }
    }

    @Test
    void partition_isWrittenGzipped_muchSmallerThanItsRows() {
        // given 10,000 rows of a day's typical width
        List<PartitionRow> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new PartitionRow(i + 2, false, new String[] {"B20261120-%08d".formatted(i),
                    "INV-TYO01-20261120-%06d".formatted(i / 4), "2026-11-20"}));
        }

        // when
        byte[] bytes = PartitionJson.write(new Partition(0, HEADER, rows));

        // then gzip's magic number, and a few bytes a row
        assertThat(bytes[0]).isEqualTo((byte) 0x1f);
        assertThat(bytes[1]).isEqualTo((byte) 0x8b);
        assertThat(bytes.length).isLessThan(10_000 * 16);
    }

    @Test
    void formerPartition_oneObjectPerRowNotGzipped_isStillRead() {
        // given a partition as the former writer wrote it (a redriven run of an older version may hold one)
        String former = """
                {"index":3,"header":["billing_id","invoice_id","description"],"rows":[
                 {"line":9,"duplicate":false,"fields":["B-1","INV-1","x, y"]},
                 {"line":10,"duplicate":true,"fields":["B-1","INV-1",""]}]}""";

        // when
        Partition read = PartitionJson.read(new ByteArrayInputStream(former.getBytes(StandardCharsets.UTF_8)), "p");

        // then
        assertThat(read.index()).isEqualTo(3);
        assertThat(read.rows()).extracting(PartitionRow::lineNumber).containsExactly(9L, 10L);
        assertThat(read.rows().get(1).duplicateBillingId()).isTrue();
        assertThat(read.rows().get(0).fields()).containsExactly("B-1", "INV-1", "x, y");
    }

    @Test
    void somethingElse_isRefusedNamingTheObject() {
        // given bytes that are neither form
        byte[] garbage = "[1,2,3]".getBytes(StandardCharsets.UTF_8);

        // when / then
        assertThatThrownBy(() -> PartitionJson.read(new ByteArrayInputStream(garbage), "runs/r/partitions/part-00001.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs/r/partitions/part-00001.json is not a ledgerflow partition");
    }
}
