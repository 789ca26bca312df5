package io.ledgerflow.locals3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobAccess;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.ContainerAccess;
import org.jclouds.blobstore.domain.MutableStorageMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts S3Proxy (Jetty 11) over jclouds' {@code filesystem} store. The CLI loads this class in a
 * class loader of its own (DynamoDB Local, in the CLI's class loader, brings Jetty 12), so it
 * speaks only JDK types: it is a {@code BiFunction} from options and a listener of created objects
 * to the endpoint and the handle that stops the server. All options are required; none falls back
 * to a library default.
 *
 * <ul>
 *   <li>{@value #BASEDIR}: the folder whose sub-folders are the buckets ({@code {home}/s3}); an
 *       object {@code s3://B/K} is the file {@code BASEDIR/B/K}, as FileSystemObjectStore keeps it;
 *   <li>{@value #HOST}, {@value #PORT}: where to listen (port 0: a free one, see the endpoint);
 *   <li>{@value #IDENTITY}, {@value #CREDENTIAL}: the one access key that may sign requests.
 * </ul>
 *
 * <p>The listener is told of each object created (PutObject, CopyObject, CompleteMultipartUpload)
 * once the store has written it whole, before the response is sent: a map with {@value #BUCKET},
 * {@value #KEY}, {@value #SIZE}, {@value #ETAG} and {@value #REASON} (S3's names for the
 * operation, as EventBridge's {@code detail.reason} gives them). A write that fails tells nothing.
 * It runs on the request's thread, so it must return at once; what it throws is logged and does
 * not fail the request.
 */
public final class LocalS3Bootstrap
        implements BiFunction<Map<String, String>, Consumer<Map<String, String>>, Map.Entry<URI, AutoCloseable>> {

    public static final String BASEDIR = "basedir";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String IDENTITY = "identity";
    public static final String CREDENTIAL = "credential";
    /** Keys of a created object's report. */
    public static final String BUCKET = "bucket";
    public static final String KEY = "key";
    public static final String SIZE = "size";
    public static final String ETAG = "etag";
    public static final String REASON = "reason";
    private static final Logger LOG = LoggerFactory.getLogger(LocalS3Bootstrap.class);

    private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
    /** Jetty's request threads: above the SDK's default pool (50 connections), each blocks on file I/O. */
    private static final int THREADS_MAX = 64;
    /** S3's own limit on a request's clock skew, in seconds. */
    private static final int TIME_SKEW_SECONDS_MAX = 15 * 60;
    /** A body signed whole (not aws-chunked) is buffered in memory to check its hash: bound it. */
    private static final long UNCHUNKED_BODY_BYTES_MAX = 32L * 1024 * 1024;
    /** S3's single PUT limit. */
    private static final long OBJECT_BYTES_MAX = 5L * 1024 * 1024 * 1024;

    @Override
    public Map.Entry<URI, AutoCloseable> apply(Map<String, String> options, Consumer<Map<String, String>> created) {
        Path basedir = Path.of(required(options, BASEDIR)).toAbsolutePath().normalize();
        String host = required(options, HOST);
        int port = Integer.parseInt(required(options, PORT));
        // jclouds builds its store with Guice, whose generated fast classes go through
        // sun.misc.Unsafe, which JDK 24+ warns about on stderr. jclouds needs no method
        // interception, so no generated code: the property is read by the Guice of this class
        // loader only (nothing else in the CLI uses Guice).
        if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
            System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
        }
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        // jclouds, Jackson and Jetty look services up through the context class loader, and the
        // threads Jetty starts inherit it: it must be ours, not the CLI's.
        thread.setContextClassLoader(LocalS3Bootstrap.class.getClassLoader());
        BlobStoreContext context = null;
        try {
            Files.createDirectories(basedir);
            context = filesystem(basedir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FolderStore(context.getBlobStore(), basedir, created))
                    .endpoint(URI.create("http://" + host + ":" + port))
                    // Signature V4 checked against one fixed key: a body framing this S3Proxy
                    // cannot decode then fails the signature instead of landing in the file.
                    .awsAuthentication(AuthenticationType.AWS_V4, required(options, IDENTITY),
                            required(options, CREDENTIAL))
                    .ignoreUnknownHeaders(false)
                    .jettyMaxThreads(THREADS_MAX)
                    .maximumTimeSkew(TIME_SKEW_SECONDS_MAX)
                    .v4MaxNonChunkedRequestSize(UNCHUNKED_BODY_BYTES_MAX)
                    .maxSinglePartObjectSize(OBJECT_BYTES_MAX)
                    .build();
            start(proxy);
            URI endpoint = URI.create("http://" + host + ":" + proxy.getPort());
            BlobStoreContext started = context;
            AutoCloseable stop = () -> {
                try {
                    proxy.stop();
                } finally {
                    started.close();
                }
            };
            return Map.entry(endpoint, stop);
        } catch (IOException e) {
            closeQuietly(context, e);
            throw new UncheckedIOException("cannot create " + basedir, e);
        } catch (RuntimeException e) {
            closeQuietly(context, e);
            throw new IllegalStateException("S3Proxy did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(callers);
        }
    }

    /** Starts Jetty; a failed start (the port taken) stops what did start before it throws. */
    private static void start(S3Proxy proxy) {
        try {
            proxy.start();
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private static void closeQuietly(BlobStoreContext context, Exception failure) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static BlobStoreContext filesystem(Path basedir) {
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, basedir.toString());
        // S3 answers binary/octet-stream for an object stored without a type; no guessing by name.
        properties.setProperty(FilesystemConstants.PROPERTY_AUTO_DETECT_CONTENT_TYPE, "false");
        // The API metadata itself, not a provider looked up by name: the lookup would load every
        // provider S3Proxy lists (Azure, the AWS SDK), whose libraries are left out.
        return ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .overrides(properties)
                .modules(List.of(new SLF4JLoggingModule()))
                .buildView(BlobStoreContext.class);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + name + " is required");
        }
        return value;
    }

    /**
     * The filesystem store made to list and describe objects as S3 and FileSystemObjectStore do:
     * a recursive listing holds objects only (jclouds also lists each sub-folder as a key ending
     * in {@code /}), and is filled to the page size asked for, since callers take a short page as
     * the last; a file written without jclouds (no MD5 extended attribute) gets the MD5 of its
     * content as ETag; FileSystemObjectStore's temporary files are not objects; and buckets are
     * private whatever the folders' permissions, so every request must be signed. Each object
     * written whole is reported to {@code created} (the store's parts and temporary files are
     * written by the delegate itself, past this class, and are not; nor is the empty stub
     * S3Proxy puts under an upload's id when a multipart upload starts).
     */
    static final class FolderStore extends ForwardingBlobStore {

        private final Path basedir;
        private final Consumer<Map<String, String>> created;
        /** {@code container/uploadId} of the multipart uploads in progress: S3Proxy's stubs, not objects. */
        private final Set<String> uploads = ConcurrentHashMap.newKeySet();
        /** The MD5 ETags of files written without jclouds, each read once per version of its file. */
        private final ComputedETags etags = new ComputedETags();

        FolderStore(BlobStore delegate, Path basedir, Consumer<Map<String, String>> created) {
            super(delegate);
            this.basedir = basedir;
            this.created = created;
        }

        @Override
        public String putBlob(String container, Blob blob) {
            String etag = super.putBlob(container, blob);
            reportPut(container, blob.getMetadata().getName(), etag);
            return etag;
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            String etag = super.putBlob(container, blob, options);
            reportPut(container, blob.getMetadata().getName(), etag);
            return etag;
        }

        private void reportPut(String container, String key, String etag) {
            if (!uploads.contains(container + "/" + key)) {
                report(container, key, etag, "PutObject");
            }
        }

        @Override
        public MultipartUpload initiateMultipartUpload(String container, BlobMetadata metadata, PutOptions options) {
            MultipartUpload mpu = super.initiateMultipartUpload(container, metadata, options);
            uploads.add(container + "/" + mpu.id());
            return mpu;
        }

        @Override
        public void abortMultipartUpload(MultipartUpload mpu) {
            super.abortMultipartUpload(mpu);
            uploads.remove(mpu.containerName() + "/" + mpu.id());
        }

        @Override
        public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
            String etag = super.copyBlob(fromContainer, fromName, toContainer, toName, options);
            report(toContainer, toName, etag, "CopyObject");
            return etag;
        }

        @Override
        public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
            String etag = super.completeMultipartUpload(mpu, parts);
            uploads.remove(mpu.containerName() + "/" + mpu.id());
            report(mpu.containerName(), mpu.blobName(), etag, "CompleteMultipartUpload");
            return etag;
        }

        /** Called once the delegate returned: the file is in place under its name, whole. */
        private void report(String container, String key, String etag, String reason) {
            try {
                long size = Files.size(basedir.resolve(container).resolve(key));
                created.accept(Map.of(BUCKET, container, KEY, key, SIZE, Long.toString(size),
                        ETAG, etag == null ? "" : etag.replace("\"", ""), REASON, reason));
            } catch (IOException | RuntimeException e) {
                LOG.error("s3://{}/{} was created but could not be reported: {}", container, key, e.toString());
            }
        }

        @Override
        public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
            if (options.getDelimiter() != null) {
                return super.list(container, options); // folders are the common prefixes then
            }
            int wanted = options.getMaxResults() == null ? 1000 : options.getMaxResults();
            List<StorageMetadata> objects = new ArrayList<>(wanted);
            String marker = options.getMarker();
            while (objects.size() < wanted) {
                PageSet<? extends StorageMetadata> listed = super.list(container, page(options, marker, wanted));
                for (StorageMetadata md : listed) {
                    if (objects.size() == wanted) {
                        // More entries follow (maybe folders only: S3 may also end on an empty page).
                        return new PageSetImpl<>(objects, objects.getLast().getName());
                    }
                    if (md.getType() == StorageType.BLOB && !isTemporary(md.getName())) {
                        objects.add(withETag(container, md));
                    }
                }
                marker = listed.getNextMarker();
                if (marker == null) {
                    return new PageSetImpl<>(objects, null);
                }
            }
            return new PageSetImpl<>(objects, objects.isEmpty() ? null : objects.getLast().getName());
        }

        private static ListContainerOptions page(ListContainerOptions asked, String marker, int wanted) {
            ListContainerOptions page = ListContainerOptions.Builder.recursive().maxResults(wanted);
            if (asked.getPrefix() != null) {
                page.prefix(asked.getPrefix());
            }
            if (marker != null) {
                page.afterMarker(marker);
            }
            if (asked.isDetailed()) {
                page.withDetails();
            }
            return page;
        }

        @Override
        public Blob getBlob(String container, String name, GetOptions options) {
            Blob blob = super.getBlob(container, name, options);
            if (blob != null) {
                withETag(container, blob.getMetadata());
            }
            return blob;
        }

        @Override
        public BlobMetadata blobMetadata(String container, String name) {
            BlobMetadata md = super.blobMetadata(container, name);
            return md == null ? null : (BlobMetadata) withETag(container, md);
        }

        @Override
        public ContainerAccess getContainerAccess(String container) {
            return ContainerAccess.PRIVATE;
        }

        @Override
        public BlobAccess getBlobAccess(String container, String name) {
            return BlobAccess.PRIVATE;
        }

        /** FileSystemObjectStore writes {@code .put-*.tmp} beside the object, then renames it. */
        private static boolean isTemporary(String key) {
            return key.startsWith(".put-") || key.contains("/.put-");
        }

        private StorageMetadata withETag(String container, StorageMetadata md) {
            if (md.getETag() == null && md instanceof MutableStorageMetadata mutable) {
                mutable.setETag(etags.of(basedir.resolve(container).resolve(md.getName())));
            }
            return md;
        }
    }

    /**
     * MD5 ETags of files that carry none (written by FileSystemObjectStore, not through jclouds),
     * remembered per version of the file (its inode, size and modification time): S3 answers
     * HEAD and GET with the ETag, and a day's file of hundreds of megabytes would otherwise be read
     * whole for its MD5 on every HEAD and every GET (a daily run does both). A file replaced by a
     * rename (FileSystemObjectStore's puts) is a new inode, so a remembered ETag is never stale.
     */
    static final class ComputedETags {

        /** Files remembered at most; past it the memory starts again empty (a cache, not a record). */
        static final int FILES_MAX = 4_096;

        private record Version(Object fileKey, long size, FileTime modified) {}

        private record Known(Version version, String etag) {}

        private final Map<Path, Known> known = new ConcurrentHashMap<>();

        String of(Path file) {
            Version version = version(file);
            Known hit = known.get(file);
            if (hit != null && hit.version().equals(version)) {
                return hit.etag();
            }
            String etag = md5Hex(file);
            if (!version.equals(version(file))) {
                return etag; // changed while it was read: answer, remember nothing
            }
            if (known.size() >= FILES_MAX) {
                known.clear();
            }
            known.put(file, new Known(version, etag));
            return etag;
        }

        private static Version version(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Version(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private static String md5Hex(Path file) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5())) {
                MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private static MessageDigest md5() {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required by every JDK", e);
            }
        }
    }
}
