package io.govaudit.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.store.PosixFiles;
import io.govaudit.internal.store.SegmentNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The sink of {@link AnchorSink#directory}. Thread-safe: publishing is synchronized. */
final class DirectoryAnchorSink implements AnchorSink {

    private final Path dir;

    DirectoryAnchorSink(Path dir) {
        this.dir = java.util.Objects.requireNonNull(dir, "dir");
    }

    @Override
    public synchronized void publish(Anchor anchor) throws IOException {
        if (!SegmentNames.isChainId(anchor.chain())) {
            throw new IOException("not a chain id: " + anchor.chain());
        }
        PosixFiles.createDirectory(dir);
        Path file = dir.resolve(anchor.chain() + ".anchors");
        byte[] line = line(anchor);
        try (FileChannel channel = PosixFiles.openForWrite(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    static byte[] line(Anchor anchor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = RecordFormat.jsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("chain", anchor.chain());
            json.writeNumberField("seq", anchor.seq());
            json.writeNumberField("at_seq", anchor.atSeq());
            json.writeStringField("at_hash", anchor.atHash());
            json.writeStringField("ts", anchor.ts());
            json.writeStringField("key", anchor.key());
            json.writeStringField("sig", anchor.sig());
            json.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "AnchorSink.directory(" + dir + ")";
    }
}
