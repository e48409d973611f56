package io.govaudit.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of a {@code generate} drill ({@code --clock-start T --events-per-day N}): its instant
 * is {@code T + events × (86400 s / N)}, where {@code events} is how many events the generator has
 * offered so far, so N events fall in each simulated day whatever the real speed. The generator
 * calls {@link #advance()} after each event; the trail reads the clock once per batch, so the
 * events of one batch share a time.
 *
 * <p>Thread-safe: the counter is atomic and shared by {@link #withZone} copies.
 */
final class SimulatedClock extends Clock {

    private static final Duration DAY = Duration.ofDays(1);

    private final Instant start;
    private final long eventsPerDay;
    private final AtomicLong events;
    private final ZoneId zone;

    SimulatedClock(Instant start, long eventsPerDay) {
        this(start, eventsPerDay, new AtomicLong(), ZoneOffset.UTC);
    }

    private SimulatedClock(Instant start, long eventsPerDay, AtomicLong events, ZoneId zone) {
        if (eventsPerDay < 1) {
            throw new IllegalArgumentException("eventsPerDay must be at least 1, was " + eventsPerDay);
        }
        this.start = start;
        this.eventsPerDay = eventsPerDay;
        this.events = events;
        this.zone = zone;
    }

    /** Moves the clock on by one event: {@code 86400 s / eventsPerDay}. */
    void advance() {
        events.incrementAndGet();
    }

    /** @return the events counted so far */
    long events() {
        return events.get();
    }

    @Override
    public Instant instant() {
        long n = events.get();
        // whole days first, so that the fraction of a day never overflows
        return start.plus(DAY.multipliedBy(n / eventsPerDay)).plus(DAY.multipliedBy(n % eventsPerDay)
                .dividedBy(eventsPerDay));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new SimulatedClock(start, eventsPerDay, events, other);
    }
}
