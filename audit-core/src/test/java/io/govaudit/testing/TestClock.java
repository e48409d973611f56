package io.govaudit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand (STYLE.md S13, S37): it stands still until
 * {@link #advance} or {@link #set} is called, so time-dependent behaviour (segment age, epochs,
 * heartbeats) is tested without sleeping.
 *
 * <p>Thread-safe: the writer thread of a trail reads it while the test thread moves it.
 */
public final class TestClock extends Clock {

    /** A fixed, recognisable start instant. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at {@link #DEFAULT_START}, in UTC.
     *
     * @return a new clock
     */
    public static TestClock create() {
        return at(DEFAULT_START);
    }

    /**
     * Returns a clock standing at {@code start}, in UTC.
     *
     * @param start the first instant the clock reports
     * @return a new clock
     */
    public static TestClock at(Instant start) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward (or backward, for a negative amount).
     *
     * @param amount how far to move
     * @return the new instant
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Puts the clock at an instant.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Returns a view in another zone that shares this clock's instant. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
