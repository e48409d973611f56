package io.govaudit.cli;

import io.govaudit.CapacityPolicy.OnFull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value converters shared by the commands. picocli puts the option name and the value in
 * front of each message. Stateless and thread-safe.
 */
final class Options {

    private Options() {
    }

    /** ISO-8601 periods: P6M, P1Y, P30D, P1Y6M. */
    static final class PeriodConverter implements ITypeConverter<Period> {
        @Override
        public Period convert(String value) {
            try {
                return Period.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 period; use for example P6M, P1Y or P30D");
            }
        }
    }

    /** ISO-8601 durations ({@code PT15M}) or a number with a unit: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration; use for example 15m, 90s, 2h, 1d "
                        + "or ISO-8601 PT15M");
            }
        }
    }

    /** ISO-8601 instants in UTC: 2026-01-01T00:00:00Z. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant; use for example 2026-01-01T00:00:00Z");
            }
        }
    }

    /** {@code overwrite-oldest}, {@code stop-recording}, {@code fail-closed} (any case, - or _). */
    static final class OnFullConverter implements ITypeConverter<OnFull> {
        @Override
        public OnFull convert(String value) {
            String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
            return Arrays.stream(OnFull.values()).filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not one of " + names()));
        }

        static String names() {
            return Arrays.stream(OnFull.values()).map(Options::cliName).collect(Collectors.joining(", "));
        }
    }

    /**
     * Refuses a store argument that is not a directory (exit 2), naming what to give instead.
     *
     * @param store the store argument, or null when a database is read instead
     * @throws CliFailure if it is given and is not a directory
     */
    static void requireStoreDirectory(Path store) {
        if (store != null && !Files.isDirectory(store)) {
            throw new CliFailure("store directory " + store + (Files.exists(store)
                    ? " is not a directory" : " does not exist")
                    + "; give the directory that holds one sub-directory per chain");
        }
    }

    /** @return the option spelling of an action, e.g. {@code overwrite-oldest} */
    static String cliName(OnFull action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
