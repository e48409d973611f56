package io.govaudit.internal.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The record's {@code ts} format: UTC, {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}, always six fraction
 * digits, so timestamps of one chain compare correctly as plain strings (docs/format.md sections 1-2).
 *
 * <p>Not thread-safe: one instance per writer, because it caches the formatted second.
 */
public final class Timestamps {

    /** Length of a formatted timestamp in bytes. */
    public static final int LENGTH = 27;

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] cachedPrefix = new byte[19];

    /**
     * Writes the timestamp of {@code instant} (truncated to microseconds) into {@code out}.
     *
     * @param instant the instant, years 0000 to 9999
     * @param out     the destination, at least {@link #LENGTH} bytes from {@code offset}
     * @param offset  where to write
     */
    public void format(Instant instant, byte[] out, int offset) {
        long second = instant.getEpochSecond();
        if (second != cachedSecond) {
            byte[] prefix = SECONDS.format(instant).getBytes(StandardCharsets.US_ASCII);
            if (prefix.length != 19) {
                throw new IllegalArgumentException("instant out of range for the record format: " + instant);
            }
            System.arraycopy(prefix, 0, cachedPrefix, 0, 19);
            cachedSecond = second;
        }
        System.arraycopy(cachedPrefix, 0, out, offset, 19);
        out[offset + 19] = '.';
        int micros = instant.getNano() / 1000;
        for (int i = 25; i >= 20; i--) {
            out[offset + i] = (byte) ('0' + micros % 10);
            micros /= 10;
        }
        out[offset + 26] = 'Z';
    }

    /**
     * Formats an instant as a string in the record format.
     *
     * @param instant the instant
     * @return the 27-character timestamp
     */
    public static String toString(Instant instant) {
        byte[] out = new byte[LENGTH];
        new Timestamps().format(instant, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /**
     * Parses a timestamp in the record format.
     *
     * @param text the 27-character timestamp
     * @return the instant
     * @throws IllegalArgumentException if the text is not in the record format
     */
    public static Instant parse(CharSequence text) {
        if (text.length() != LENGTH || text.charAt(19) != '.' || text.charAt(26) != 'Z') {
            throw new IllegalArgumentException("not a record timestamp: '" + text + "'");
        }
        try {
            LocalDateTime seconds = LocalDateTime.parse(text.subSequence(0, 19));
            long micros = 0;
            for (int i = 20; i < 26; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a record timestamp: '" + text + "'");
                }
                micros = micros * 10 + (c - '0');
            }
            return seconds.toInstant(ZoneOffset.UTC).plus(micros, ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a record timestamp: '" + text + "'", e);
        }
    }
}
