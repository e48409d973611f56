package io.govaudit.verify;

import io.govaudit.internal.store.SegmentNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The segment files of a store directory, one sub-directory per chain. */
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
        List<String> chains = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && SegmentNames.isChainId(name)) {
                    chains.add(name);
                }
            }
        }
        chains.sort(null);
        return chains;
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

    private record Segment(Path file, long size) implements Part {

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
