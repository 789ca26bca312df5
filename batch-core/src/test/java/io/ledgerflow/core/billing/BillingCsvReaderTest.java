package io.ledgerflow.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingCsvReaderTest {

    private static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,"
            + "tax_code,quantity,unit_price,currency,description";

    private static List<BillingRow> read(byte[] bytes, Charset charset) {
        List<BillingRow> rows = new ArrayList<>();
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "in.csv", charset)) {
            reader.forEach(rows::add);
        }
        return rows;
    }

    private static List<BillingRow> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void quotedFields_keepCommasQuotesAndLineBreaks_andRowsKnowTheirStartingLine() {
        List<BillingRow> rows = read(HEADER + "\r\n"
                + "B1,I1,2026-11-20,S,\"a, \"\"b\"\"\r\nc\",FREIGHT,S10,1,1,JPY,\"d\r\ne\"\r\n"
                + "\r\n"
                + "B2,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY,x\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fields()[4]).isEqualTo("a, \"b\"\r\nc");
        assertThat(rows.get(0).fieldCount()).isEqualTo(11);
        assertThat(rows.get(0).lineNumber()).isEqualTo(2);
        assertThat(rows.get(1).lineNumber()).isEqualTo(6);
    }

    @Test
    void byteOrderMark_isDroppedBeforeTheHeader() {
        List<BillingRow> rows = read("\uFEFF" + HEADER + "\nB1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY,\n");
        assertThat(rows).hasSize(1);
    }

    @Test
    void header_mayOrderColumnsFreelyAndCarryExtraOnes() {
        String text = "currency,extra,unit_price,quantity,tax_code,billing_type,customer_code,site_code,business_date,"
                + "invoice_id,billing_id\nJPY,zz,5,2,S10,FREIGHT,C,S,2026-11-20,I1,B1\n";
        try (BillingCsvReader reader = BillingCsvReader.open(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.csv", StandardCharsets.UTF_8)) {
            List<BillingRow> rows = new ArrayList<>();
            reader.forEach(rows::add);
            assertThat(reader.header().field(rows.get(0), Column.BILLING_ID)).isEqualTo("B1");
            assertThat(reader.header().field(rows.get(0), Column.QUANTITY)).isEqualTo("2");
            assertThat(reader.header().field(rows.get(0), Column.DESCRIPTION)).isEmpty();
        }
    }

    @Test
    void missingColumns_failTheFile_namingEachOne() {
        assertThatThrownBy(() -> read("billing_id,invoice_id,business_date\n"))
                .isInstanceOf(BadInputFileException.class)
                .hasMessageStartingWith("in.csv: line 1: the header lacks the required columns site_code, customer_code,");
    }

    @Test
    void emptyFile_failsAsHavingNoHeader() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(BadInputFileException.class)
                .hasMessage("in.csv: the file is empty: expected a header row");
    }

    @Test
    void undecodableBytes_failTheFile_namingThePhysicalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((HEADER + "\nB1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY,\"two\nlines\"\nB2,I1,2026-11-20,S,C,")
                .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        bytes.writeBytes(",S10,1,1,JPY,\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(bytes.toByteArray(), StandardCharsets.UTF_8))
                .isInstanceOf(BadInputFileException.class)
                .hasMessageStartingWith("in.csv: line 4: cannot be decoded as UTF-8");
    }

    @Test
    void shiftJis_isDecodedWhenAsked_includingTheFiveCSecondByte() {
        byte[] bytes = (HEADER + "\r\nB1,I1,2026-11-20,S,\"表示ソフト, ①\",FREIGHT,S10,1,1,JPY,\r\n")
                .getBytes(Charset.forName("windows-31j"));
        List<BillingRow> rows = read(bytes, Charset.forName("windows-31j"));
        assertThat(rows.get(0).fields()[4]).isEqualTo("表示ソフト, ①");
    }

    @Test
    void unclosedQuote_failsTheFileRatherThanSwallowingTheRest() {
        assertThatThrownBy(() -> read(HEADER + "\nB1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY,\"never closed\nB2,...\n"))
                .isInstanceOf(BadInputFileException.class)
                .hasMessageContaining("not valid CSV");
    }

    @Test
    void wrongFieldCount_isLeftToTheCallerAsARow() {
        List<BillingRow> rows = read(HEADER + "\nB1,I1\n");
        assertThat(rows.get(0).fieldCount()).isEqualTo(2);
    }
}
