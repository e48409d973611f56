package io.govaudit.internal.query;

import io.govaudit.internal.format.RecordView;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.Cursor;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.query.StoredRecord;
import io.govaudit.verify.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The matching records of one chain of a file store, in seq order or its reverse, reading only
 * the segments that can hold them. A segment's time span is taken from the first record of it
 * and of the segment after it (the writer starts a segment only after the one before it), so a
 * time range or a cursor costs a binary search over the segments' first lines. Not thread-safe.
 */
final class ChainScan implements Iterator<StoredRecord>, Closeable {

    private final String chain;
    private final List<RecordSource.Part> parts;
    private final Instant[] firstTs;
    private final boolean[] firstTsRead;
    private final AuditQuery query;
    private final boolean newestFirst;
    /** The query's cursor when it is in another chain: records must be after (before) its key. */
    private final Cursor otherCursor;
    /** The query's cursor seq when it is in this chain, else -1. */
    private final long cursorSeq;

    private int index;
    private PartLines current;
    private Iterator<StoredRecord> buffered;
    private StoredRecord next;
    private boolean done;

    ChainScan(String chain, List<RecordSource.Part> parts, AuditQuery query) {
        this.chain = chain;
        this.parts = parts;
        this.firstTs = new Instant[parts.size()];
        this.firstTsRead = new boolean[parts.size()];
        this.query = query;
        this.newestFirst = query.order() == AuditQuery.Order.NEWEST_FIRST;
        Cursor cursor = query.after().orElse(null);
        this.cursorSeq = cursor != null && cursor.chain().equals(chain) ? cursor.seq() : -1;
        this.otherCursor = cursor != null && !cursor.chain().equals(chain) ? cursor : null;
        this.index = newestFirst ? lastIndex() : firstIndex();
    }

    /** The first segment that can hold a record the query wants, reading oldest first. */
    private int firstIndex() {
        if (cursorSeq > 0) {
            return lastPartNamedAtOrBelow(cursorSeq + 1);
        }
        Instant lower = later(query.from().orElse(null), otherCursor == null ? null : otherCursor.ts());
        // the last segment that starts before the bound: the ones before it end before it
        return lower == null ? 0 : Math.max(0, countStartingBefore(lower, false) - 1);
    }

    /** The last segment that can hold a record the query wants, reading newest first. */
    private int lastIndex() {
        int last = parts.size() - 1;
        if (cursorSeq > 0) {
            last = cursorSeq <= 1 ? -1 : lastPartNamedAtOrBelow(cursorSeq - 1);
        }
        Instant to = query.to().orElse(null);
        if (to != null) {
            last = Math.min(last, countStartingBefore(to, false) - 1);
        }
        if (otherCursor != null) {
            last = Math.min(last, countStartingBefore(otherCursor.ts(), true) - 1);
        }
        return last;
    }

    private int lastPartNamedAtOrBelow(long seq) {
        int found = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).namedFirstSeq() <= seq) {
                found = i;
            }
        }
        return found;
    }

    /** How many segments start before the bound (or at it, when inclusive): a binary search. */
    private int countStartingBefore(Instant bound, boolean inclusive) {
        int lo = 0;
        int hi = parts.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Instant ts = firstTs(mid);
            boolean before = ts != null && (inclusive ? !ts.isAfter(bound) : ts.isBefore(bound));
            if (before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The time of a segment's first record; null for a segment without one (a new active segment). */
    private Instant firstTs(int i) {
        if (!firstTsRead[i]) {
            try (PartLines lines = new PartLines(chain, parts.get(i), i == parts.size() - 1)) {
                firstTs[i] = lines.next() ? lines.view().ts() : null;
            }
            firstTsRead[i] = true;
        }
        return firstTs[i];
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = newestFirst ? advanceBackwards() : advance();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public StoredRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StoredRecord record = next;
        next = null;
        return record;
    }

    private StoredRecord advance() {
        Instant to = query.to().orElse(null);
        while (true) {
            if (current == null) {
                if (index >= parts.size()) {
                    return null;
                }
                Instant start = firstTs(index);
                if (to != null && start != null && !start.isBefore(to)) {
                    return null;
                }
                current = new PartLines(chain, parts.get(index), index == parts.size() - 1);
            }
            while (current.next()) {
                StoredRecord record = match(current);
                if (record != null) {
                    return record;
                }
            }
            current.close();
            current = null;
            index++;
        }
    }

    private StoredRecord advanceBackwards() {
        Instant from = query.from().orElse(null);
        while (true) {
            if (buffered != null && buffered.hasNext()) {
                return buffered.next();
            }
            buffered = null;
            if (index < 0) {
                return null;
            }
            List<StoredRecord> matching = new ArrayList<>();
            try (PartLines lines = new PartLines(chain, parts.get(index), index == parts.size() - 1)) {
                while (lines.next()) {
                    StoredRecord record = match(lines);
                    if (record != null) {
                        matching.add(record);
                    }
                }
            }
            Instant start = firstTs(index);
            index--;
            if (from != null && start != null && start.isBefore(from)) {
                // every earlier segment ends before this one starts: before the range
                index = -1;
            }
            List<StoredRecord> reversed = new ArrayList<>(matching.size());
            for (int i = matching.size() - 1; i >= 0; i--) {
                reversed.add(matching.get(i));
            }
            buffered = reversed.iterator();
        }
    }

    /** The line's record if it matches the query (and lies beyond the cursor), else null. */
    private StoredRecord match(PartLines lines) {
        RecordView view = lines.view();
        long seq = view.seq();
        if (cursorSeq > 0 && (newestFirst ? seq >= cursorSeq : seq <= cursorSeq)) {
            return null;
        }
        Instant ts = view.ts();
        if (query.from().isPresent() && ts.isBefore(query.from().get())
                || query.to().isPresent() && !ts.isBefore(query.to().get())) {
            return null;
        }
        if (otherCursor != null) {
            int c = Keys.compare(ts, chain, seq, otherCursor.ts(), otherCursor.chain(), otherCursor.seq());
            if (newestFirst ? c >= 0 : c <= 0) {
                return null;
            }
        }
        String type = view.type();
        if (!query.types().isEmpty() && !query.types().contains(type)) {
            return null;
        }
        StoredRecord record;
        try {
            record = RecordFields.read(chain, seq, ts, type, lines.buffer(), lines.lineStart(), lines.lineLength());
        } catch (IOException e) {
            throw new RecordIntegrityException(chain, seq, "chain " + chain + ": record " + seq
                    + " is not a JSON object; verify the store (audit-cli verify)");
        }
        return query.matchesMembers(record) ? record : null;
    }

    @Override
    public void close() {
        if (current != null) {
            PartLines open = current;
            current = null;
            open.close();
        }
    }
}
