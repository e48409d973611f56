package io.govaudit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and rewrites segment files of a file store the way an intruder or a test would: as raw
 * lines of bytes, never through the library.
 */
public final class Segments {

    private Segments() {
    }

    /**
     * Lists the plain and gzipped segment files of a chain, sorted by name.
     *
     * @param chainDir the chain directory
     * @return the segment files
     */
    public static List<Path> list(Path chainDir) {
        try (Stream<Path> files = Files.list(chainDir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log(\\.gz)?"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the lines of a plain segment as UTF-8, without their line ends.
     *
     * @param segment the segment file
     * @return the lines
     */
    public static List<String> lines(Path segment) {
        String text = new String(bytes(segment), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Reads every record line of a chain, segment after segment.
     *
     * @param chainDir the chain directory
     * @return the lines in file order
     */
    public static List<String> allLines(Path chainDir) {
        List<String> all = new ArrayList<>();
        for (Path segment : list(chainDir)) {
            all.addAll(lines(segment));
        }
        return all;
    }

    /**
     * Replaces a plain segment's content with the given lines, each ended by {@code \n}.
     *
     * @param segment the segment file
     * @param lines   the new lines
     */
    public static void write(Path segment, List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        write(segment, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content.
     *
     * @param file  the file
     * @param bytes the new content
     */
    public static void write(Path file, byte[] bytes) {
        try {
            file.toFile().setWritable(true, true);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @return its bytes
     */
    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the seq in the file name of a segment.
     *
     * @param segment the segment
     * @return its first seq by name
     */
    public static long firstSeq(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(0, 20));
    }

    /**
     * Returns the name a segment starting at {@code seq} has.
     *
     * @param seq the first seq
     * @return the file name
     */
    public static String name(long seq) {
        return String.format("%020d.log", seq);
    }
}
