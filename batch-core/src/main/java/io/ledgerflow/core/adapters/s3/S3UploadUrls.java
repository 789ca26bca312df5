package io.ledgerflow.core.adapters.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Pre-signed PUT URLs for a corrected day's file, under one prefix of the input bucket: the
 * finance console's browser uploads the file straight to S3, because API Gateway takes at most
 * 10 MB per request and a day's file is up to a gigabyte. The URL is signed with the caller's
 * role, so S3 accepts the upload only where that role may {@code s3:PutObject} (the template grants
 * the console the upload prefix alone).
 *
 * <p>The file's SHA-256 is a signed header ({@code x-amz-checksum-sha256}, with
 * {@code x-amz-sdk-checksum-algorithm: SHA256}): S3 stores only the very file the console checked,
 * and the input bucket's Object Lock refuses an upload that carries neither Content-MD5 nor
 * {@code x-amz-sdk-checksum-algorithm} (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
 * The content type and length are signed too.
 */
public final class S3UploadUrls {

    /** How long a URL works, at most: long enough to upload a gigabyte, short enough not to be kept. */
    public static final Duration EXPIRY_MAX = Duration.ofMinutes(15);
    /** A day's file through the console, at most (the CLI's default --max-input-size). */
    public static final long FILE_BYTES_MAX = 1024L * 1024 * 1024;
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("([a-z0-9-]+/)*");
    private static final String CONTENT_TYPE = "text/csv";

    /**
     * A URL to PUT one file to, and the headers the PUT must carry exactly as given (they are signed).
     *
     * @param url     the pre-signed URL (its query holds the signature)
     * @param headers the signed headers other than {@code host}, to send with the PUT
     * @param bucket  where the file will be
     * @param key     its key, under the upload prefix
     * @param expires when the URL stops working
     */
    public record UploadUrl(URI url, Map<String, String> headers, String bucket, String key, Instant expires) {
        public UploadUrl {
            headers = Map.copyOf(headers);
        }
    }

    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final Duration expiry;

    /**
     * @param presigner signs with the caller's credentials and region
     * @param prefix    the upload prefix, e.g. {@code console/} (lower-case words, each ending in {@code /})
     * @param expiry    how long a URL works, at most {@link #EXPIRY_MAX}
     */
    public S3UploadUrls(S3Presigner presigner, String bucket, String prefix, Duration expiry) {
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        if (!PREFIX.matcher(prefix).matches() || prefix.isEmpty()) {
            throw new IllegalArgumentException("upload prefix '" + prefix + "' is not lower-case words each ending in /");
        }
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(EXPIRY_MAX) > 0) {
            throw new IllegalArgumentException("a URL's expiry is 1 s to " + EXPIRY_MAX + ", not " + expiry);
        }
    }

    /**
     * A URL for the corrected file of {@code date}, at {@code PREFIX/DATE/UPLOAD_ID.csv}.
     *
     * @param uploadId  names this upload (1-64 of {@code [A-Za-z0-9-]}); the rerun then reads that key
     * @param sha256Hex the file's SHA-256, lower-case hex, as the console computed it
     * @param bytes     the file's size, 1 to {@link #FILE_BYTES_MAX}
     */
    public UploadUrl dayFile(LocalDate date, String uploadId, String sha256Hex, long bytes) {
        Objects.requireNonNull(date, "date");
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new IllegalArgumentException("upload id '" + uploadId + "' is not 1-64 of [A-Za-z0-9-]");
        }
        if (sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("the file's SHA-256 must be 64 lower-case hex digits");
        }
        if (bytes < 1 || bytes > FILE_BYTES_MAX) {
            throw new IllegalArgumentException("a day's file is 1 to " + FILE_BYTES_MAX + " bytes, not " + bytes);
        }
        String key = prefix + date + "/" + uploadId + ".csv";
        PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key).contentType(CONTENT_TYPE)
                .contentLength(bytes).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)))
                .build();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(r -> r.signatureDuration(expiry).putObjectRequest(put));
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        try {
            return new UploadUrl(presigned.url().toURI(), headers, bucket, key, presigned.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK signed an invalid URL: " + presigned.url(), e);
        }
    }

    /** The headers a browser's CORS request must be allowed to send with the PUT (the bucket's CorsConfiguration). */
    public static List<String> corsHeaders() {
        return List.of("content-type", "x-amz-checksum-sha256", "x-amz-sdk-checksum-algorithm");
    }
}
