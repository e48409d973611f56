package io.govaudit.internal.store;

import io.govaudit.internal.format.Hex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The writer's own note of how far its chain reached: the head mark {@value #FILE_NAME} in the
 * chain's state directory (the chain directory of a file store, the store's state directory
 * otherwise). It is what the writer knows beyond the records themselves, so that a chain whose
 * newest records were deleted is not silently continued from an older head (docs/format.md,
 * "Chain state and the head mark").
 *
 * <p>Format: one line of ASCII, {@code <seq> <64 lowercase hex hash>\n}: the seq and hash of a
 * record that was durable when the mark was written. A mark never runs ahead of the records:
 * it is written only after the records it names were forced.
 *
 * <p>Durability: written to {@code head.mark.tmp}, forced, renamed over the mark and the
 * directory forced, so a reader sees the old mark or the new one, never a torn one. A mark that
 * does not parse was therefore changed by someone else, and {@link #read} says so.
 *
 * <p>Stateless and thread-safe; a directory has one writer (the chain's).
 */
public final class HeadMark {

    /** The file name of the head mark. */
    public static final String FILE_NAME = "head.mark";

    private final long seq;
    private final String hash;

    private HeadMark(long seq, String hash) {
        this.seq = seq;
        this.hash = hash;
    }

    /** @return the seq of the last record known durable when the mark was written */
    public long seq() {
        return seq;
    }

    /** @return that record's hash, 64 lowercase hex characters */
    public String hash() {
        return hash;
    }

    /**
     * Reads the head mark of a directory.
     *
     * @param dir the chain's state directory
     * @return the mark, or null if there is none
     * @throws IOException if it exists but cannot be read or does not parse (the message says which)
     */
    public static HeadMark read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        String text;
        try {
            if (Files.size(file) > 200) {
                throw new IOException("head mark " + file + " is " + Files.size(file) + " bytes, not one short line");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("head mark " + file + " is not ASCII text", e);
        }
        return parse(text, file);
    }

    static HeadMark parse(String text, Path file) throws IOException {
        int space = text.indexOf(' ');
        if (!text.endsWith("\n") || space < 1 || text.length() != space + 1 + 64 + 1) {
            throw new IOException("head mark " + file + " is not '<seq> <hash>' on one line: it was changed by "
                    + "someone other than the writer");
        }
        long seq;
        try {
            seq = Long.parseLong(text.substring(0, space));
        } catch (NumberFormatException e) {
            seq = -1;
        }
        byte[] hash = text.substring(space + 1, space + 65).getBytes(StandardCharsets.US_ASCII);
        if (seq < 1 || !Hex.isLowerHex(hash, 0, 64)) {
            throw new IOException("head mark " + file + " does not hold a seq and a 64-hex hash: it was changed by "
                    + "someone other than the writer");
        }
        return new HeadMark(seq, new String(hash, StandardCharsets.US_ASCII));
    }

    /**
     * Replaces the head mark of a directory (temporary file, force, atomic rename, force the
     * directory).
     *
     * @param dir   the chain's state directory
     * @param seq   the seq of a durable record
     * @param hash  its hash
     * @param modes the permissions of the file
     * @throws IOException if any step fails; the previous mark then stays in place
     */
    public static void write(Path dir, long seq, String hash, FileModes modes) throws IOException {
        if (seq < 1 || hash.length() != 64) {
            throw new IllegalArgumentException("a head mark names a record: seq " + seq + ", hash " + hash);
        }
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = PosixFiles.openForWrite(tmp, modes.file(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap((seq + " " + hash + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        PosixFiles.forceDirectory(dir);
    }

    @Override
    public String toString() {
        return "HeadMark[seq=" + seq + ", hash=" + hash + "]";
    }
}
