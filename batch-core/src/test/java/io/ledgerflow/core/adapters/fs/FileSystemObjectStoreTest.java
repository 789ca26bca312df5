package io.ledgerflow.core.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest {

    @TempDir
    Path root;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_thenGet_returnsTheContent_inAFolderPerBucket() {
        var store = new FileSystemObjectStore(root);
        store.put("billing", "in/2026/04/01.csv", utf8("a,b\n"));
        assertThat(store.get("billing", "in/2026/04/01.csv")).isEqualTo(utf8("a,b\n"));
        assertThat(root.resolve("billing/in/2026/04/01.csv")).exists();
    }

    @Test
    void get_missingKey_throwsObjectNotFound() {
        var store = new FileSystemObjectStore(root);
        assertThatThrownBy(() -> store.get("billing", "nope")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void list_isInKeyOrder_filteredByPrefix_pagedByStartAfter() {
        var store = new FileSystemObjectStore(root);
        for (String k : new String[] {"in/b", "in/a", "out/c", "in/c"}) {
            store.put("bucket", k, utf8(k));
        }
        assertThat(store.list("bucket", "in/", null, 2)).extracting(ObjectSummary::key).containsExactly("in/a", "in/b");
        assertThat(store.list("bucket", "in/", "in/b", 10)).extracting(ObjectSummary::key).containsExactly("in/c");
        ObjectSummary first = store.list("bucket", "", null, 1).get(0);
        assertThat(first.size()).isEqualTo(4);
        assertThat(first.etag()).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void keysAndBuckets_cannotEscapeTheRoot() {
        var store = new FileSystemObjectStore(root);
        assertThatThrownBy(() -> store.put("bucket", "../../etc/x", utf8("x"))).isInstanceOf(ObjectStoreException.class);
        assertThatThrownBy(() -> store.put("../b", "x", utf8("x"))).isInstanceOf(ObjectStoreException.class);
    }
}
