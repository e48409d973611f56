package io.govaudit.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats record times for reports: UTC as stored in records (6 fraction digits) and local time in
 * Asia/Taipei, where the county's operators read them. Thread-safe.
 */
final class Times {

    /** The operators' time zone. */
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(TAIPEI);

    private Times() {
    }

    /**
     * Formats a time in UTC, e.g. {@code 2026-11-28T10:00:00.123456Z}.
     *
     * @param time the time, or null
     * @return the UTC text, or null for null
     */
    static String utc(Instant time) {
        return time == null ? null : UTC.format(time);
    }

    /**
     * Formats a time in UTC followed by Taipei local time, e.g.
     * {@code 2026-11-28T10:00:00.123456Z (2026-11-28 18:00:00 Asia/Taipei)}.
     *
     * @param time the time, or null
     * @return the text, or {@code -} for null
     */
    static String utcAndTaipei(Instant time) {
        return time == null ? "-" : UTC.format(time) + " (" + LOCAL.format(time) + " " + TAIPEI.getId() + ")";
    }
}
