package io.ledgerflow.console.aws;

import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.billing.BillingCsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What the browser moves straight to and from S3 on AWS, past API Gateway's and Lambda's payload
 * limits: a corrected day's file up with a pre-signed PUT ({@link S3UploadUrls}), checked here
 * before its rerun starts; a ledger export too large for a response down with a pre-signed GET.
 */
public final class BrowserTransfers {

    /** What the check reads of an uploaded file: the header and the first lines (one ranged GET). */
    public static final int HEAD_BYTES = 64 * 1024;
    /** How long a pre-signed GET of an export works: the browser follows the redirect at once. */
    static final Duration DOWNLOAD_EXPIRY = Duration.ofMinutes(5);
    private static final Pattern UPLOAD_FILE = Pattern.compile("[A-Za-z0-9-]{1,64}\\.csv");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3UploadUrls uploadUrls;
    private final String inputBucket;
    private final String uploadPrefix;
    private final URI bucketOrigin;

    /**
     * @param bucketOrigin the origin the pre-signed URLs point to (the page's content security policy
     *                     lets the browser connect there), e.g. {@code https://BUCKET.s3.REGION.amazonaws.com}
     */
    public BrowserTransfers(S3Client s3, S3Presigner presigner, String inputBucket, String uploadPrefix, URI bucketOrigin) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.inputBucket = Objects.requireNonNull(inputBucket, "inputBucket");
        this.uploadPrefix = Objects.requireNonNull(uploadPrefix, "uploadPrefix");
        this.bucketOrigin = Objects.requireNonNull(bucketOrigin, "bucketOrigin");
        this.uploadUrls = new S3UploadUrls(presigner, inputBucket, uploadPrefix, S3UploadUrls.EXPIRY_MAX);
    }

    public URI bucketOrigin() {
        return bucketOrigin;
    }

    public String inputBucket() {
        return inputBucket;
    }

    /** A URL for the browser's PUT of {@code date}'s corrected file (named by its digest, as a page's upload is). */
    public S3UploadUrls.UploadUrl uploadUrl(LocalDate date, String sha256Hex, long bytes) {
        return uploadUrls.dayFile(date, sha256Hex.substring(0, Math.min(16, sha256Hex.length())), sha256Hex, bytes);
    }

    /** Whether {@code key} is where {@link #uploadUrl} puts a file of {@code date} (a browser names no other object). */
    public boolean isUploadOf(LocalDate date, String key) {
        String folder = uploadPrefix + date + "/";
        return key != null && key.startsWith(folder) && UPLOAD_FILE.matcher(key.substring(folder.length())).matches();
    }

    /** The uploaded object's size, or empty when nothing is there (the PUT failed or never came). */
    public Optional<Long> uploadedBytes(String key) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(inputBucket).key(key));
            return Optional.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Reads the uploaded file's header and first lines (one ranged GET of {@link #HEAD_BYTES}) with
     * the CLI's billing CSV reader: the header's columns and strict decoding. The rest of the file
     * is the run's to read (bad lines are quarantined there, as for any day's file).
     *
     * @return the complete lines checked after the header
     * @throws BadInputFileException naming the problem
     */
    public long checkHead(String key, long bytes, Charset encoding) {
        byte[] head;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(inputBucket).key(key)
                .range("bytes=0-" + (HEAD_BYTES - 1)))) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file s3://" + inputBucket + "/" + key, e);
        }
        int end = head.length;
        if (bytes > head.length) {
            end = lastLineEnd(head); // the range ends mid-line: check only the complete lines
            if (end <= 0) {
                throw new BadInputFileException(key, 0, "no line ends in its first " + HEAD_BYTES + " bytes", null);
            }
        }
        long[] records = {0};
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        try (InputStream in = new ByteArrayInputStream(head, 0, end);
                BillingCsvReader reader = BillingCsvReader.open(in, fileName, encoding)) {
            reader.header();
            reader.forEach(row -> records[0]++);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records[0];
    }

    /** A short-lived URL the browser downloads {@code bucket/key} from (a large ledger export). */
    public URI downloadUrl(String bucket, String key, String fileName) {
        var presigned = presigner.presignGetObject(r -> r.signatureDuration(DOWNLOAD_EXPIRY).getObjectRequest(g -> g
                .bucket(bucket).key(key).responseContentType("text/csv; charset=utf-8")
                .responseContentDisposition("attachment; filename=\"" + fileName + "\"")));
        try {
            return presigned.url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK signed an invalid URL: " + presigned.url(), e);
        }
    }

    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
