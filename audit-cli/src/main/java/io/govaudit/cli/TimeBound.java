package io.govaudit.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The time bounds of {@code export --from} and {@code --to}: an ISO-8601 instant in UTC
 * ({@code 2026-11-01T00:00:00Z}) or with an offset ({@code 2026-11-01T08:00:00+08:00}), or a
 * date ({@code 2026-11-01}) naming a whole day in Asia/Taipei, the operators' time zone: as
 * {@code --from} it starts at that day's 00:00 Taipei time, as {@code --to} it ends at its 24:00
 * (the day is included). {@code --to} as an instant is exclusive, as in
 * {@link io.govaudit.query.AuditQuery}. A date-time without an offset is refused: it would be read
 * in someone's zone. Stateless and thread-safe.
 */
final class TimeBound {

    private TimeBound() {
    }

    /**
     * Reads a bound.
     *
     * @param value the option value
     * @param end   whether it is the end of the range (a date then means the end of that day)
     * @return the instant
     * @throws TypeConversionException when it is neither an instant nor a date
     */
    static Instant parse(String value, boolean end) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(Times.TAIPEI).toInstant();
            }
            if (value.endsWith("Z") || value.endsWith("z")) {
                return Instant.parse(value.toUpperCase(java.util.Locale.ROOT));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant (2026-11-01T00:00:00Z, or "
                    + "with an offset: 2026-11-01T08:00:00+08:00) nor a date (2026-11-01, a whole day in Asia/Taipei)");
        }
    }

    /** {@code --from}: a date is the start of that day in Taipei. */
    static final class From implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parse(value, false);
        }
    }

    /** {@code --to}: a date is the end of that day in Taipei (the day is included). */
    static final class To implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parse(value, true);
        }
    }
}
