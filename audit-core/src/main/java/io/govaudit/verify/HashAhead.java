package io.govaudit.verify;

import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.RecordView;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a segment on a thread of its own and hashes its records there, beside the
 * {@link ChainVerifier} that reads the same bytes from this stream: one chain on two cores.
 *
 * <p>How the work is shared: the thread reads a chunk, finds its line ends, hands it to the
 * verifier, and then hashes the chunk's records from its last one backwards, until it reaches
 * the lines the verifier has passed ({@link #passed}). The verifier goes forwards, uses a digest
 * when its line has one and otherwise hashes the line itself. So the two threads meet somewhere
 * in each chunk, wherever their speeds put them, and hash no line twice but the one they meet
 * at. (All hashing on this thread made it the bottleneck: +7 %; both hashing forwards from the
 * chunk's start hashed the same lines twice: 1.6x the CPU for +6 %.)
 *
 * <p>What it guarantees: the verifier reads exactly the bytes that were hashed, because there is
 * one reader (the thread here) and the verifier's bytes are copies of its chunks; the file is
 * never read twice, so a file changed during verification cannot pair one version's digest with
 * another version's bytes. A digest is handed out only for the line that starts at the same
 * stream offset and has the same length as the line it was computed over ({@link #digest}), and
 * only after it was published; for any other line (one that spans two chunks, one not hashed
 * yet, one the verifier splits differently) the verifier computes the digest itself. What a
 * digest covers is what {@link RecordView#hashValid(MessageDigest)} hashes: the line without
 * its hash suffix.
 *
 * <p>Failure: an {@link IOException} of the read (or anything else the thread ran into) is thrown
 * by the next {@link #read} after the bytes before it. {@link #close} stops the thread and waits
 * for it; the source stays open for its owner to close.
 *
 * <p>Thread-safety: one reader thread (the verifier's) calls {@link #read}, {@link #digest}
 * and {@link #close}. A chunk's bytes and lines are written before it is handed over
 * ({@link #ready}); its digests are written by the hashing thread afterwards, and the verifier
 * reads only those from the volatile index {@code hashedFrom} on, which the thread lowers after
 * each digest; chunks come back for reuse through {@link #free}.
 */
final class HashAhead extends InputStream {

    /** Below the humongous size of G1's smallest regions, so chunks are ordinary young objects. */
    static final int CHUNK_BYTES = 256 * 1024;
    private static final int CHUNKS_AHEAD = 4;

    private final InputStream source;
    private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    /** Chunks the verifier is done with, for the hashing thread to fill again. */
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 2);
    /** The stream offset up to which the verifier has checked lines: the thread skips those. */
    private volatile long passed;
    private final Thread reader;
    /** Chunks read by the verifier whose digests it may still ask for, oldest first. */
    private final ArrayDeque<Chunk> lookup = new ArrayDeque<>();
    /** The digest {@link #digest} hands out, valid until its next call. */
    private final byte[] found = new byte[32];
    private Chunk current;
    private int position;
    private boolean ended;
    private volatile boolean closed;
    /** A read failure that came after bytes still to be handed over (the hashing thread only). */
    private IOException deferred;

    /**
     * Starts hashing ahead.
     *
     * @param source the segment's bytes from its start; read only by the thread started here
     * @param name   the thread's name
     */
    HashAhead(InputStream source, String name) {
        this.source = source;
        this.reader = new Thread(this::readAhead, name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public int read() throws IOException {
        return hasBytes() ? current.bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!hasBytes()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current.bytes, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes, waiting for the next chunk; false at the end. */
    private boolean hasBytes() throws IOException {
        while (current == null || position == current.length) {
            if (ended) {
                return false;
            }
            Chunk next = take();
            if (next.failure != null) {
                ended = true;
                throw next.failure;
            }
            if (next.length < 0) {
                ended = true;
                return false;
            }
            current = next;
            position = 0;
            lookup.addLast(next);
        }
        return true;
    }

    /**
     * The digest of the line that starts at stream offset {@code start} and is {@code length}
     * bytes long (without its LF), if the hashing thread has published it. Lines must be asked for
     * in stream order; the thread then skips the lines before the next one.
     *
     * @return the 32-byte SHA-256 of the line without its hash suffix, in an array reused by the
     *         next call, or null: the caller hashes the line itself
     */
    byte[] digest(long start, int length) {
        passed = start + length + 1;
        while (!lookup.isEmpty()) {
            Chunk chunk = lookup.peekFirst();
            if (chunk != current && start >= chunk.offset + chunk.length) {
                lookup.pollFirst(); // every line of it is behind: it can be filled again
                free.offer(chunk);
                continue;
            }
            while (chunk.next < chunk.lines && chunk.starts[chunk.next] < start) {
                chunk.next++;
            }
            int line = chunk.next;
            if (line < chunk.lines && chunk.starts[line] == start && chunk.lengths[line] == length
                    && line >= chunk.hashedFrom) {
                System.arraycopy(chunk.digests, line * 32, found, 0, 32);
                chunk.next++;
                return found;
            }
            return null; // not hashed (yet), or not a line the thread saw whole
        }
        return null;
    }

    private Chunk take() throws IOException {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
    }

    /** Stops the hashing thread and waits for it; the source is not closed (its owner does). */
    @Override
    public void close() {
        closed = true;
        reader.interrupt(); // a read of an interruptible channel ends, a put on the full queue too
        ready.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true; // the thread is stopping; wait for it all the same
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the hashing thread ----

    private void readAhead() {
        MessageDigest sha256 = RecordFormat.sha256();
        long offset = 0;
        boolean atLineStart = true; // whether the next chunk starts a line
        try {
            while (!closed) {
                if (deferred != null) {
                    throw deferred;
                }
                Chunk chunk = free.poll();
                if (chunk == null) {
                    chunk = new Chunk();
                }
                int length = fill(chunk.bytes);
                if (length <= 0) {
                    hand(Chunk.end());
                    return;
                }
                chunk.reset(offset, length);
                int from = 0;
                if (!atLineStart) { // the first line began in an earlier chunk: the verifier hashes it
                    int newline = RecordView.indexOfNewline(chunk.bytes, 0, length);
                    from = newline < 0 ? -1 : newline + 1; // -1: the whole chunk lies inside that line
                }
                if (from >= 0) {
                    for (int i = RecordView.indexOfNewline(chunk.bytes, from, length); i >= 0;
                            i = RecordView.indexOfNewline(chunk.bytes, i + 1, length)) {
                        if (i - from > RecordFormat.HASH_SUFFIX_LENGTH) {
                            chunk.line(from, i - from);
                        }
                        from = i + 1;
                    }
                }
                hand(chunk); // its lines are known: the verifier starts on it now
                for (int line = chunk.lines - 1; line >= 0 && chunk.starts[line] >= passed; line--) {
                    chunk.hash(line, sha256); // backwards, until the lines the verifier has passed
                }
                atLineStart = from == length; // false while a line runs on into the next chunk
                offset += length;
            }
        } catch (IOException e) {
            handQuietly(Chunk.failed(e));
        } catch (InterruptedException e) {
            // closed: the verifier stopped reading
        } catch (RuntimeException e) {
            handQuietly(Chunk.failed(new IOException("reading ahead failed: " + e, e)));
        } catch (Error e) {
            handQuietly(Chunk.failed(new IOException("reading ahead failed: " + e, e)));
            throw e;
        }
    }

    /**
     * Reads until the array is full or the source ends; -1 at the end. A failure after some bytes
     * is kept in {@link #deferred}, so that those bytes are handed over before it.
     */
    private int fill(byte[] bytes) throws IOException {
        int length = 0;
        while (length < bytes.length) {
            int n;
            try {
                n = source.read(bytes, length, bytes.length - length);
            } catch (IOException e) {
                if (length == 0) {
                    throw e;
                }
                deferred = e;
                return length;
            }
            if (n < 0) {
                break;
            }
            length += n;
        }
        return length == 0 ? -1 : length;
    }

    private void hand(Chunk chunk) throws InterruptedException {
        if (!closed) {
            ready.put(chunk);
        }
    }

    private void handQuietly(Chunk chunk) {
        if (!closed && !ready.offer(chunk)) {
            try {
                ready.put(chunk);
            } catch (InterruptedException e) {
                // closed meanwhile: nobody reads on
            }
        }
    }

    /**
     * Bytes read from the source, the lines wholly inside them (known before the chunk is handed
     * over) and their digests, computed by the hashing thread from the last line backwards:
     * lines from {@link #hashedFrom} on have theirs.
     */
    private static final class Chunk {
        /** Lines that need a digest are longer than the hash suffix, so no chunk holds more. */
        private static final int MAX_LINES = CHUNK_BYTES / (RecordFormat.HASH_SUFFIX_LENGTH + 2) + 1;

        final byte[] bytes;
        final IOException failure;
        long offset; // stream offset of bytes[0]
        int length; // -1: the source ended
        final long[] starts;
        final int[] lengths;
        final int[] at; // index in bytes of each line
        final byte[] digests;
        int lines;
        /** The first line with its digest; lines from here to the end have theirs. */
        volatile int hashedFrom;
        /** The first line the verifier has not asked for or passed (its thread only). */
        int next;

        Chunk() {
            this.bytes = new byte[CHUNK_BYTES];
            this.failure = null;
            this.starts = new long[MAX_LINES];
            this.lengths = new int[MAX_LINES];
            this.at = new int[MAX_LINES];
            this.digests = new byte[MAX_LINES * 32];
        }

        private Chunk(IOException failure) {
            this.bytes = null;
            this.failure = failure;
            this.length = -1;
            this.starts = null;
            this.lengths = null;
            this.at = null;
            this.digests = null;
        }

        static Chunk end() {
            return new Chunk((IOException) null);
        }

        static Chunk failed(IOException e) {
            return new Chunk(e);
        }

        /** Before its lines are found: new bytes, no lines, no digests. */
        void reset(long streamOffset, int bytesRead) {
            offset = streamOffset;
            length = bytesRead;
            lines = 0;
            next = 0;
            hashedFrom = Integer.MAX_VALUE;
        }

        /** Notes a line of this chunk that can hold a hash (hashing thread, before the hand-over). */
        void line(int index, int lineLength) {
            starts[lines] = offset + index;
            lengths[lines] = lineLength;
            at[lines] = index;
            lines++;
        }

        /** Hashes line {@code line}, the one before {@link #hashedFrom}, and publishes it. */
        void hash(int line, MessageDigest sha256) {
            sha256.update(bytes, at[line], lengths[line] - RecordFormat.HASH_SUFFIX_LENGTH);
            try {
                sha256.digest(digests, line * 32, 32);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 digest does not fit 32 bytes", e);
            }
            hashedFrom = line;
        }
    }
}
