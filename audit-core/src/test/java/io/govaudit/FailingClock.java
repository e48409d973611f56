package io.govaudit;

import io.govaudit.testing.TestClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * A clock that throws once armed: a fault injected into the writer thread (which stamps {@code ts})
 * without touching the file system. Thread-safe: the test arms it, the writer reads it.
 */
final class FailingClock extends Clock {
    private final TestClock time = TestClock.create();
    private final Supplier<Throwable> failure;
    volatile boolean failing;

    FailingClock(Supplier<Throwable> failure) {
        this.failure = failure;
    }

    @Override
    public Instant instant() {
        if (failing) {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
        return time.instant();
    }

    @Override
    public ZoneId getZone() {
        return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
