package io.govaudit.cli;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of a periodic review, parsed from {@code report}'s options: the time zone, office
 * hours and workdays (what is "outside office hours"), and the failed-login burst threshold.
 * Each parse method throws {@link CliFailure} naming the option and the value. Immutable.
 *
 * @param zone        local time of the review (days, office hours, shown times)
 * @param officeStart office hours start, inclusive
 * @param officeEnd   office hours end, exclusive
 * @param workdays    the days with office hours
 * @param burstFailures at least this many failed logins ...
 * @param burstWindow   ... within this window are a burst
 */
record ReviewRules(ZoneId zone, LocalTime officeStart, LocalTime officeEnd, Set<DayOfWeek> workdays,
        int burstFailures, Duration burstWindow) {

    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
    private static final Pattern BURST = Pattern.compile("(\\d{1,4})/(\\d{1,4})m?");

    static ReviewRules parse(String zone, String officeHours, String workdays, String burst) {
        ZoneId z = zone(zone);
        Matcher h = HOURS.matcher(officeHours);
        if (!h.matches()) {
            throw new CliFailure("--office-hours '" + officeHours + "' is not HH:MM-HH:MM, e.g. 08:00-18:00");
        }
        LocalTime start = time(h.group(1), officeHours);
        LocalTime end = time(h.group(2), officeHours);
        if (!end.isAfter(start)) {
            throw new CliFailure("--office-hours '" + officeHours + "' ends before it starts; give e.g. 08:00-18:00");
        }
        Matcher b = BURST.matcher(burst);
        if (!b.matches() || Integer.parseInt(b.group(1)) < 2 || Integer.parseInt(b.group(2)) < 1) {
            throw new CliFailure("--burst '" + burst + "' is not N/MINUTES with N at least 2, e.g. 5/10 "
                    + "(5 failed logins within 10 minutes)");
        }
        return new ReviewRules(z, start, end, days(workdays), Integer.parseInt(b.group(1)),
                Duration.ofMinutes(Integer.parseInt(b.group(2))));
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new CliFailure("--zone '" + zone + "' is not a time zone id, e.g. Asia/Taipei");
        }
    }

    private static LocalTime time(String hhmm, String given) {
        try {
            return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
        } catch (DateTimeParseException e) {
            throw new CliFailure("--office-hours '" + given + "' has an invalid time " + hhmm);
        }
    }

    /** {@code MON-FRI}, {@code MON,WED,FRI}, {@code MON-FRI,SUN}. */
    static Set<DayOfWeek> days(String spec) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.toUpperCase(Locale.ROOT).split(",")) {
            String[] range = part.trim().split("-");
            if (range.length < 1 || range.length > 2) {
                throw badDays(spec);
            }
            DayOfWeek first = day(range[0], spec);
            DayOfWeek last = range.length == 2 ? day(range[1], spec) : first;
            for (DayOfWeek d = first;; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String abbrev, String spec) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbrev.trim()) && abbrev.trim().length() == 3) {
                return d;
            }
        }
        throw badDays(spec);
    }

    private static CliFailure badDays(String spec) {
        return new CliFailure("--workdays '" + spec + "' is not a list of days such as MON-FRI or MON,WED,FRI");
    }

    /**
     * Reads {@code --from}/{@code --to} as {@code export} does ({@link TimeBound}), in the review's
     * zone: an instant ({@code 2026-11-01T00:00:00Z}), a time with an offset
     * ({@code 2026-11-01T08:00+08:00}), or a date naming a whole day in the zone: as the start its
     * 00:00, as the end its 24:00 (the day is included). An instant as the end is exclusive.
     *
     * @param end whether the value is the end of the period
     * @return the instant, or null for null
     */
    Instant instant(String option, String value, boolean end) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            if (value.endsWith("Z")) {
                return Instant.parse(value);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliFailure(option + " '" + value + "' is not a date (2026-11-01, a whole day in " + zone
                    + ") or an ISO-8601 instant (2026-11-01T00:00:00Z, or with an offset: 2026-11-01T08:00:00+08:00)");
        }
    }

    /** @return whether a time falls outside office hours in the zone */
    boolean outsideOfficeHours(Instant ts) {
        ZonedDateTime local = ts.atZone(zone);
        LocalTime t = local.toLocalTime();
        return !workdays.contains(local.getDayOfWeek()) || t.isBefore(officeStart) || !t.isBefore(officeEnd);
    }

    /** @return the workdays as given back, e.g. {@code MON-FRI} for Monday to Friday */
    String workdaysText() {
        StringBuilder s = new StringBuilder();
        DayOfWeek[] all = DayOfWeek.values();
        for (int i = 0; i < all.length; i++) {
            if (!workdays.contains(all[i])) {
                continue;
            }
            int j = i;
            while (j + 1 < all.length && workdays.contains(all[j + 1])) {
                j++;
            }
            s.append(s.length() == 0 ? "" : ",").append(abbrev(all[i]));
            if (j > i) {
                s.append('-').append(abbrev(all[j]));
            }
            i = j;
        }
        return s.toString();
    }

    private static String abbrev(DayOfWeek d) {
        return d.name().substring(0, 3);
    }

    Review.Settings settings() {
        return new Review.Settings(zone.getId(), officeStart + "-" + officeEnd, workdaysText(), burstFailures,
                (int) burstWindow.toMinutes());
    }
}
