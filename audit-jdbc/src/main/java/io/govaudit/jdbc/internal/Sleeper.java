package io.govaudit.jdbc.internal;

import java.time.Duration;

/** Waits between attempts to get a connection; tests inject one that does not sleep (STYLE.md S37). */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException if interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
