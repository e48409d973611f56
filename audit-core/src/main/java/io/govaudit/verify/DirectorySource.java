package io.govaudit.verify;

import io.govaudit.internal.store.HeadMark;
import io.govaudit.internal.store.SegmentNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment files of a store directory, one sub-directory per chain. A sub-directory counts as
 * a chain only if a writer left its files there (a segment or a chain state file): the parent of
 * several stores is not mistaken for a store of empty chains, and a chain directory given as the
 * store is refused rather than read as a store without chains.
 */
final class DirectorySource implements RecordSource {

    private final Path store;

    DirectorySource(Path store) {
        this.store = store;
    }

    @Override
    public String location() {
        return store.toAbsolutePath().normalize().toString();
    }

    @Override
    public List<String> chains() throws IOException {
        List<Path> ownSegments = SegmentNames.list(store);
        if (!ownSegments.isEmpty()) {
            Path parent = store.toAbsolutePath().normalize().getParent();
            throw new NothingToVerifyException(location() + " is a chain directory (it holds segment files such as "
                    + ownSegments.get(0).getFileName() + "), not a store directory; give the store "
                    + "directory that holds it" + (parent == null ? "" : ": verify " + parent));
        }
        List<String> chains = new ArrayList<>();
        for (Path dir : subDirectories(store)) {
            String name = dir.getFileName().toString();
            if (SegmentNames.isChainId(name) && SegmentNames.isChainDirectory(dir)) {
                chains.add(name);
            }
        }
        chains.sort(null);
        return chains;
    }

    /** Says what was expected, and what was found instead, when the store holds no chain. */
    String noChainsMessage() throws IOException {
        List<String> stores = new ArrayList<>();
        for (Path dir : subDirectories(store)) {
            for (Path inner : subDirectories(dir)) {
                if (SegmentNames.isChainDirectory(inner)) {
                    stores.add(dir.getFileName().toString());
                    break;
                }
            }
        }
        if (!stores.isEmpty()) {
            stores.sort(null);
            return location() + " holds no chain, but " + stores.size() + " store director"
                    + (stores.size() == 1 ? "y" : "ies") + " (" + String.join(", ", stores)
                    + "); verify each store on its own";
        }
        return "no chains found in " + location() + ": a store directory holds one sub-directory per chain, each "
                + "with segment files named like " + SegmentNames.logName(1) + "; nothing was verified";
    }

    private static List<Path> subDirectories(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    dirs.add(entry);
                }
            }
        }
        return dirs;
    }

    @Override
    public ChainState state(String chain) throws IOException {
        Path dir = store.resolve(chain);
        if (!Files.isDirectory(dir)) {
            return ChainState.NONE;
        }
        HeadMark mark = HeadMark.read(dir);
        if (mark != null) {
            return new ChainState(mark.seq(), "the writer's head mark " + HeadMark.FILE_NAME + " (seq " + mark.seq() + ")");
        }
        List<String> keyFiles = SegmentNames.keyStateFiles(dir);
        return keyFiles.isEmpty() ? ChainState.NONE
                : new ChainState(1, "its key state " + String.join(", ", keyFiles) + ", written only once the chain "
                        + "had records");
    }

    /** Each part opens its own file: chains are read concurrently. */
    @Override
    public boolean concurrentReads() {
        return true;
    }

    @Override
    public List<Part> parts(String chain) throws IOException {
        Path dir = store.resolve(chain);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        for (Path segment : SegmentNames.list(dir)) {
            parts.add(new Segment(segment, Files.size(segment)));
        }
        return parts;
    }

    /** A segment file; read by {@link ChainRounds} for its size and modification time too. */
    record Segment(Path file, long size) implements Part {

        /** How recent a modification time is not trusted to show a change (coarse file system clocks). */
        static final long RACY_MILLIS = 2000;

        /**
         * Returns the file's size, modification time and identity, to notice a change cheaply; null
         * while the file was modified within {@link #RACY_MILLIS} of {@code now}: a change within
         * the same tick of the file system's clock would keep the time, so such a file is hashed
         * again until its time is old enough to trust.
         */
        String stamp(long now) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.lastModifiedTime().toMillis() > now - RACY_MILLIS) {
                return null;
            }
            return attributes.size() + "/" + attributes.lastModifiedTime() + "/" + attributes.fileKey();
        }

        @Override
        public String name() {
            return file.getFileName().toString();
        }

        @Override
        public long namedFirstSeq() {
            return SegmentNames.firstSeq(name());
        }

        @Override
        public boolean closed() {
            return SegmentNames.isGzip(name());
        }

        @Override
        public InputStream open(ProblemSink problems) throws IOException {
            InputStream raw = Files.newInputStream(file);
            return closed() ? new GzipMembers(raw, 64 * 1024) : raw;
        }
    }

    @Override
    public String toString() {
        return "DirectorySource[" + store + "]";
    }
}
