package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads items on their own thread, ahead of the batcher, in chunks: parsing the object and
 * batching run in parallel. Bounded: at most {@code CHUNKS_MAX × CHUNK_ITEMS} items wait in memory.
 * A reader failure is rethrown by {@link #hasNext()} on the consuming thread.
 */
final class Prefetch implements Iterator<JsonNode>, AutoCloseable {

    private static final int CHUNK_ITEMS = 512;
    private static final int CHUNKS_MAX = 16;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CHUNKS_MAX);
    private final Thread reader;
    private volatile boolean closed;
    private List<JsonNode> chunk = List.of();
    private int next;
    private boolean ended;

    Prefetch(Iterator<JsonNode> source) {
        this.reader = Thread.ofPlatform().daemon().name("item-reader").start(() -> read(source));
    }

    private void read(Iterator<JsonNode> source) {
        try {
            List<JsonNode> c = new ArrayList<>(CHUNK_ITEMS);
            while (source.hasNext()) {
                c.add(source.next());
                if (c.size() == CHUNK_ITEMS) {
                    queue.put(c);
                    c = new ArrayList<>(CHUNK_ITEMS);
                }
            }
            if (!c.isEmpty()) {
                queue.put(c);
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // closed by the consumer: stop reading
        } catch (RuntimeException e) {
            if (!closed) {
                queue.offer(e); // the consumer takes it next; if it stopped consuming, nothing is lost
            }
        }
    }

    @Override
    public boolean hasNext() {
        while (next >= chunk.size()) {
            if (ended) {
                return false;
            }
            Object o = take();
            if (o == END) {
                ended = true;
                return false;
            }
            if (o instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<JsonNode> c = (List<JsonNode>) o;
            chunk = c;
            next = 0;
        }
        return true;
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return chunk.get(next++);
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "interrupted while reading items");
        }
    }

    /** Stops the reader thread; waits briefly so the source is not closed under it. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
