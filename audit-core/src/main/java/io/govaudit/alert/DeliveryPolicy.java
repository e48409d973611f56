package io.govaudit.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QueuedAlertListener} holds and retries alerts: the bound of its queue, the attempts
 * per alert and the backoff between them (doubling from {@code backoff} up to {@code maxBackoff}).
 *
 * <p>The defaults ({@link #defaults()}): 1000 queued alerts, 5 attempts, 250 ms doubling up to
 * 10 s, so one alert is given up after about 4 s of backoff plus the attempts themselves. Immutable.
 *
 * <pre>{@code
 * DeliveryPolicy policy = DeliveryPolicy.defaults().withAttempts(8).withBackoff(Duration.ofSeconds(1));
 * }</pre>
 *
 * @param queueCapacity alerts waiting for delivery at most; a full queue drops the newest alert
 *                      (the first alerts of an incident name its cause) and counts it
 * @param attempts      delivery attempts per alert, at least 1 (1 means no retry)
 * @param backoff       the wait before the first retry, positive
 * @param maxBackoff    the longest wait between retries, at least {@code backoff}
 * @since 0.1.0
 */
public record DeliveryPolicy(int queueCapacity, int attempts, Duration backoff, Duration maxBackoff) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value that is out of range
     * @throws NullPointerException     if a duration is null
     */
    public DeliveryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("backoff must be positive, was " + backoff);
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least backoff (" + backoff + "), was " + maxBackoff);
        }
    }

    /**
     * Returns the defaults: 1000 queued alerts, 5 attempts, 250 ms doubling up to 10 s.
     *
     * @return the default policy
     */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(1000, 5, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /**
     * Returns this policy with another queue bound.
     *
     * @param queueCapacity alerts waiting at most, at least 1
     * @return the new policy
     */
    public DeliveryPolicy withQueueCapacity(int queueCapacity) {
        return new DeliveryPolicy(queueCapacity, attempts, backoff, maxBackoff);
    }

    /**
     * Returns this policy with another number of attempts per alert.
     *
     * @param attempts at least 1
     * @return the new policy
     */
    public DeliveryPolicy withAttempts(int attempts) {
        return new DeliveryPolicy(queueCapacity, attempts, backoff, maxBackoff);
    }

    /**
     * Returns this policy with another first backoff; the longest backoff grows to it if needed.
     *
     * @param backoff positive
     * @return the new policy
     */
    public DeliveryPolicy withBackoff(Duration backoff) {
        Objects.requireNonNull(backoff, "backoff");
        return new DeliveryPolicy(queueCapacity, attempts, backoff, maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff);
    }

    /**
     * Returns the wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retry the retry, from 1
     * @return {@code backoff * 2^(retry-1)}, at most {@code maxBackoff}
     */
    public Duration backoffBefore(int retry) {
        Duration wait = backoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
