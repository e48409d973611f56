package io.govaudit.internal.query;

import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.InvalidQueryException;
import io.govaudit.query.StoredRecord;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.RecordSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link AuditReader} over a file store: one {@link ChainScan} per chain, merged by time, chain
 * and seq. Thread-safe: every call opens its own files.
 */
public final class DirectoryReader implements AuditReader {

    private static final Comparator<StoredRecord> OLDEST_FIRST = (a, b) ->
            Keys.compare(a.ts(), a.chain(), a.seq(), b.ts(), b.chain(), b.seq());

    private final Path store;
    private final RecordSource source;

    /**
     * Creates a reader.
     *
     * @param store the store directory
     * @throws InvalidQueryException naming {@code store} when it is not a directory
     */
    public DirectoryReader(Path store) {
        if (!Files.isDirectory(store)) {
            throw new InvalidQueryException("store", store + " is not a directory");
        }
        this.store = store;
        this.source = RecordSource.directory(store);
    }

    @Override
    public Stream<StoredRecord> stream(AuditQuery query) {
        List<ChainScan> scans = new ArrayList<>();
        try {
            for (String chain : chains(query)) {
                scans.add(new ChainScan(chain, source.parts(chain), query));
            }
        } catch (IOException e) {
            scans.forEach(ChainScan::close);
            throw new UncheckedIOException("cannot list the segments of " + location(), e);
        } catch (RuntimeException e) {
            scans.forEach(ChainScan::close);
            throw e;
        }
        Comparator<StoredRecord> order = query.order() == AuditQuery.Order.NEWEST_FIRST
                ? OLDEST_FIRST.reversed() : OLDEST_FIRST;
        Iterator<StoredRecord> merged = scans.size() == 1 ? scans.get(0) : new Merge(scans, order);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged,
                        Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> scans.forEach(ChainScan::close));
    }

    private List<String> chains(AuditQuery query) throws IOException {
        List<String> chains;
        try {
            chains = source.chains();
        } catch (NothingToVerifyException e) {
            throw new InvalidQueryException("store", e.getMessage());
        }
        if (query.chain().isPresent()) {
            return chains.contains(query.chain().get()) ? List.of(query.chain().get()) : List.of();
        }
        return chains;
    }

    @Override
    public String location() {
        return store.toAbsolutePath().normalize().toString();
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    @Override
    public String toString() {
        return "DirectoryReader[" + location() + "]";
    }

    /** A k-way merge of the chains' ordered records. */
    private static final class Merge implements Iterator<StoredRecord> {

        private record Head(StoredRecord record, ChainScan scan) {
        }

        private final PriorityQueue<Head> heads;
        private final List<ChainScan> pending;

        Merge(List<ChainScan> scans, Comparator<StoredRecord> order) {
            this.heads = new PriorityQueue<>(Math.max(1, scans.size()), (a, b) -> order.compare(a.record, b.record));
            this.pending = new ArrayList<>(scans);
        }

        @Override
        public boolean hasNext() {
            // each chain's first record is read lazily, on the first call
            for (ChainScan scan : pending) {
                if (scan.hasNext()) {
                    heads.add(new Head(scan.next(), scan));
                }
            }
            pending.clear();
            return !heads.isEmpty();
        }

        @Override
        public StoredRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Head head = heads.poll();
            pending.add(head.scan);
            return head.record;
        }
    }
}
