package io.ledgerflow.core.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.s3.S3UploadUrls.UploadUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The pre-signed PUT of a corrected day's file, as the SDK's real presigner signs it (SigV4 query
 * parameters: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
 */
class S3UploadUrlsTest {

    static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final S3Presigner presigner = S3Presigner.builder().region(Region.AP_NORTHEAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .build();
    private final S3UploadUrls urls = new S3UploadUrls(presigner, "ledgerflow-input-123456789012-ap-northeast-1",
            "console/", Duration.ofMinutes(15));

    @AfterEach
    void close() {
        presigner.close();
    }

    @Test
    void dayFile_isAPutUnderTheUploadPrefix_signedWithItsChecksumTypeAndLength_forFifteenMinutes() {
        UploadUrl url = urls.dayFile(LocalDate.of(2026, 11, 20), "u-42", SHA256, 1_234);

        assertThat(url.key()).isEqualTo("console/2026-11-20/u-42.csv");
        assertThat(url.url().getHost()).isEqualTo("ledgerflow-input-123456789012-ap-northeast-1.s3.ap-northeast-1.amazonaws.com");
        assertThat(url.url().getPath()).isEqualTo("/console/2026-11-20/u-42.csv");
        Map<String, String> query = query(url.url().getRawQuery());
        assertThat(query).containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256").containsEntry("X-Amz-Expires", "900")
                .hasEntrySatisfying("X-Amz-Credential", c -> assertThat(c).startsWith("AKIDEXAMPLE/")
                        .endsWith("/ap-northeast-1/s3/aws4_request"))
                .containsKey("X-Amz-Signature");
        assertThat(query.get("X-Amz-SignedHeaders").split(";")).contains("host", "content-type", "content-length",
                "x-amz-checksum-sha256", "x-amz-sdk-checksum-algorithm");
        // n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg= is the SHA-256 of "test", base64 (S3's encoding of it).
        assertThat(url.headers()).containsEntry("content-type", "text/csv").containsEntry("content-length", "1234")
                .containsEntry("x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")
                // Object Lock's requirement, as the PutObject reference words it.
                .containsEntry("x-amz-sdk-checksum-algorithm", "SHA256")
                .doesNotContainKey("host");
        assertThat(url.headers().keySet()).as("every header a browser sets itself, or that CORS allows")
                .allMatch(h -> h.equals("content-length") || S3UploadUrls.corsHeaders().contains(h));
    }

    @Test
    void dayFile_refusesAKeyOutsideItsShape_aBadChecksum_andAnEmptyOrHugeFile() {
        LocalDate date = LocalDate.of(2026, 11, 20);

        assertThatThrownBy(() -> urls.dayFile(date, "../daily/x", SHA256, 10)).hasMessageContaining("upload id");
        assertThatThrownBy(() -> urls.dayFile(date, "u1", SHA256.toUpperCase(), 10)).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> urls.dayFile(date, "u1", SHA256, 0)).hasMessageContaining("1 to");
        assertThatThrownBy(() -> urls.dayFile(date, "u1", SHA256, S3UploadUrls.FILE_BYTES_MAX + 1)).hasMessageContaining("1 to");
        assertThatThrownBy(() -> new S3UploadUrls(presigner, "b", "daily", Duration.ofMinutes(1))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> new S3UploadUrls(presigner, "b", "console/", Duration.ofHours(1))).hasMessageContaining("expiry");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
