package io.govaudit.cli;

import io.govaudit.internal.store.SegmentNames;
import io.govaudit.verify.RecordSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The segments of a hand-over bundle, read from the zip's entries {@code chains/<chain>/<segment>}
 * without unpacking them (docs/format.md section 11). The chain verifier reads them as it reads a
 * store directory: the same order (by first seq; a plain segment wins over its {@code .gz} copy),
 * the same names. The bundle keeps no chain state (head marks), so {@link #state} is none: the
 * manifest, not a head mark, says that no segment is missing.
 *
 * <p>Every entry is read through {@link #open(ZipFile, ZipEntry)}, which stops at the size the zip
 * declares for the entry: an entry that inflates to more (a zip bomb, a lying header) fails with
 * an {@link IOException} rather than filling memory or time. Call only on a bundle whose entry
 * names passed {@link BundleLayout}'s grammar and hold no duplicate.
 *
 * <p>Not thread-safe; the zip file stays owned by the caller.
 */
final class ZipRecordSource implements RecordSource {

    private final ZipFile zip;
    private final String location;

    ZipRecordSource(ZipFile zip, String location) {
        this.zip = zip;
        this.location = location;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<String> chains() {
        TreeSet<String> chains = new TreeSet<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            String chain = BundleLayout.chainOf(e.nextElement().getName());
            if (chain != null) {
                chains.add(chain);
            }
        }
        return new ArrayList<>(chains);
    }

    @Override
    public List<Part> parts(String chain) {
        List<ZipEntry> entries = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            ZipEntry entry = e.nextElement();
            if (chain.equals(BundleLayout.chainOf(entry.getName()))) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparingLong((ZipEntry z) -> SegmentNames.firstSeq(fileName(z)))
                .thenComparing(ZipRecordSource::fileName));
        List<String> names = entries.stream().map(ZipRecordSource::fileName).toList();
        entries.removeIf(z -> SegmentNames.isGzip(fileName(z))
                && names.contains(fileName(z).replace(".log.gz", ".log")));
        List<Part> parts = new ArrayList<>();
        for (ZipEntry entry : entries) {
            parts.add(new EntryPart(entry));
        }
        return parts;
    }

    private static String fileName(ZipEntry entry) {
        String name = entry.getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * Opens an entry, bounded by its declared size.
     *
     * @throws IOException if it cannot be read, or holds more or fewer bytes than declared
     */
    static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        return new Bounded(zip.getInputStream(entry), entry.getName(), entry.getSize());
    }

    private final class EntryPart implements Part {
        private final ZipEntry entry;

        EntryPart(ZipEntry entry) {
            this.entry = entry;
        }

        @Override
        public String name() {
            return fileName(entry);
        }

        @Override
        public long namedFirstSeq() {
            return SegmentNames.firstSeq(name());
        }

        @Override
        public long size() {
            return Math.max(0, entry.getSize());
        }

        @Override
        public boolean closed() {
            return SegmentNames.isGzip(name());
        }

        @Override
        public InputStream open(ProblemSink problems) throws IOException {
            InputStream raw = ZipRecordSource.open(zip, entry);
            return closed() ? new GZIPInputStream(raw, 64 * 1024) : raw;
        }
    }

    /** Reads exactly the declared number of bytes: more is refused at once, fewer at the end. */
    private static final class Bounded extends FilterInputStream {
        private final String name;
        private final long declared;
        private long read;

        Bounded(InputStream in, String name, long declared) {
            super(in);
            this.name = name;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (declared < 0) {
                throw new IOException("entry " + name + " declares no size");
            }
            int n = super.read(b, off, (int) Math.min(len, declared - read + 1));
            if (n < 0) {
                if (read != declared) {
                    throw new IOException("entry " + name + " holds " + read + " bytes, its header says " + declared);
                }
                return -1;
            }
            read += n;
            if (read > declared) {
                throw new IOException("entry " + name + " holds more bytes than the " + declared
                        + " its header says: refused (a zip bomb or a changed entry)");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int chunk = (int) Math.max(0, Math.min(n, 8192));
            return Math.max(0, read(new byte[chunk], 0, chunk));
        }
    }
}
