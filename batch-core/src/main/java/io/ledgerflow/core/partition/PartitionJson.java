package io.ledgerflow.core.partition;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A partition as an object-store document: JSON, so that fields holding commas, quotes and line
 * breaks travel without a second round of CSV quoting. Internal to a run; not a contract format.
 */
public final class PartitionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PartitionJson() {}

    record Document(int index, List<String> header, List<Row> rows) {}

    record Row(long line, boolean duplicate, String[] fields) {}

    public static byte[] write(Partition partition) {
        List<Row> rows = partition.rows().stream()
                .map(r -> new Row(r.lineNumber(), r.duplicateBillingId(), r.fields()))
                .toList();
        try {
            return JSON.writeValueAsBytes(new Document(partition.index(), partition.header(), rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Partition read(InputStream in, String source) {
        try {
            Document doc = JSON.readValue(in, Document.class);
            List<PartitionRow> rows = doc.rows().stream()
                    .map(r -> new PartitionRow(r.line(), r.duplicate(), r.fields()))
                    .toList();
            return new Partition(doc.index(), doc.header(), rows);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not a ledgerflow partition: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
