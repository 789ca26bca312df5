package io.ledgerflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.billing.BadInputFileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadCheckTests {

    static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,"
            + "quantity,unit_price,currency,description\n";

    @TempDir
    Path dir;

    @Test
    void aBillingCsv_isStoredAndCounted_badLinesIncluded() {
        byte[] csv = (HEADER + "B1,I1,2026-11-20,TYO01,C1,FREIGHT,S10,2,100,JPY,x\nB2,I1,2026-11-20,TYO01,C1,FREIGHT,S10,zero,1,JPY,\n")
                .getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("up.csv");

        UploadCheck.Stored stored = UploadCheck.store(new ByteArrayInputStream(csv), file, 1024);

        assertThat(stored.bytes()).isEqualTo(csv.length);
        assertThat(stored.sha256()).hasSize(64);
        assertThat(UploadCheck.check(file, "corrected.csv", StandardCharsets.UTF_8)).isEqualTo(2);
    }

    @Test
    void aFileMissingARequiredColumn_isRefused_namingTheFileAsThePersonKnowsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("up.csv"), "billing_id,invoice_id\nB1,I1\n");

        assertThatThrownBy(() -> UploadCheck.check(file, "corrected.csv", StandardCharsets.UTF_8))
                .isInstanceOf(BadInputFileException.class).hasMessageContaining("corrected.csv")
                .hasMessageContaining("business_date");
    }

    @Test
    void anUploadOverTheLimit_isRefused_andNothingIsLeft() {
        Path file = dir.resolve("up.csv");

        assertThatThrownBy(() -> UploadCheck.store(new ByteArrayInputStream(new byte[2048]), file, 1024))
                .isInstanceOf(UploadCheck.UploadTooLargeException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void undecodableBytes_areRefused() throws Exception {
        Path file = Files.write(dir.resolve("up.csv"), (HEADER + "B1,I1,2026-11-20,TYO01,C1,FREIGHT,S10,1,1,JPY,")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> UploadCheck.check(file, "corrected.csv", StandardCharsets.UTF_8))
                .isInstanceOf(BadInputFileException.class);
    }
}
