package io.govaudit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which SNTP servers the trail compares the host clock with, and how strictly
 * ({@link AuditTrail.Builder#clockCheck}; docs/operations.md, clock synchronisation). Off unless
 * given to the builder.
 *
 * <pre>{@code
 * AuditTrail.builder().directory(store).chainId("node-1").system("permit-portal")
 *         .clockCheck(ClockCheck.servers("time.stdtime.gov.tw", "tock.stdtime.gov.tw")
 *                 .maxOffset(Duration.ofSeconds(1)).every(Duration.ofMinutes(10)))
 *         .build();
 * }</pre>
 *
 * <p>The servers are asked in the order given; the first valid answer of a check counts (they
 * are alternatives, e.g. one agency's national time servers, not voters). A check that no server
 * answers raises one alert until a server answers again.
 *
 * <p>Immutable and thread-safe: each setter returns a new value.
 *
 * @since 0.1.0
 */
public final class ClockCheck {

    /** The NTP port, used when a server is given without one. */
    public static final int DEFAULT_PORT = 123;

    private static final Duration MIN_EVERY = Duration.ofSeconds(1);
    private static final Duration MAX_EVERY = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> servers;
    private final Duration maxOffset;
    private final Duration every;
    private final Duration timeout;

    private ClockCheck(List<String> servers, Duration maxOffset, Duration every, Duration timeout) {
        this.servers = servers;
        this.maxOffset = maxOffset;
        this.every = every;
        this.timeout = timeout;
    }

    /**
     * Checks against these servers, with a maximum offset of one second, every ten minutes, and a
     * timeout of one second per server.
     *
     * @param servers {@code HOST} or {@code HOST:PORT} ({@code [IPv6]:PORT}), at least one
     * @return the check
     * @throws IllegalArgumentException if none is given, or one is blank or has a bad port
     */
    public static ClockCheck servers(String... servers) {
        Objects.requireNonNull(servers, "servers");
        if (servers.length == 0) {
            throw new IllegalArgumentException("clockCheck needs at least one server");
        }
        List<String> labels = new ArrayList<>();
        for (String server : servers) {
            labels.add(label(server));
        }
        return new ClockCheck(List.copyOf(labels), Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(1));
    }

    /** Normalises {@code HOST[:PORT]} to {@code host:port}, the form records name the server in. */
    private static String label(String server) {
        if (server == null || server.isBlank() || !server.strip().equals(server)) {
            throw new IllegalArgumentException("a clockCheck server must be HOST or HOST:PORT without blanks, was '"
                    + server + "'");
        }
        String host = server;
        String port = null;
        if (server.startsWith("[")) { // [IPv6] or [IPv6]:PORT
            int close = server.indexOf(']');
            if (close < 0 || (close + 1 < server.length() && server.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("a clockCheck server in brackets must be [IPv6] or [IPv6]:PORT, was '"
                        + server + "'");
            }
            host = server.substring(0, close + 1);
            port = close + 1 < server.length() ? server.substring(close + 2) : null;
        } else if (server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = server.substring(server.indexOf(':') + 1);
        } else if (server.indexOf(':') >= 0) {
            host = "[" + server + "]"; // a bare IPv6 literal
        }
        return host + ":" + port(port, server);
    }

    private static int port(String port, String server) {
        if (port == null) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a clockCheck server's port must be from 1 to 65535, was '" + server + "'");
    }

    /**
     * Sets the largest offset from the servers' time that is not an anomaly; a larger one, or a
     * step of the clock by more than this between two checks, writes {@code CLOCK_ANOMALY}.
     *
     * @param maxOffset from 1 ms to one hour
     * @return a new check
     * @throws IllegalArgumentException if out of range
     */
    public ClockCheck maxOffset(Duration maxOffset) {
        check("maxOffset", maxOffset, Duration.ofMillis(1), Duration.ofHours(1));
        return new ClockCheck(servers, maxOffset, every, timeout);
    }

    /**
     * Sets the time between two checks after the one at start.
     *
     * @param every from one second to one day
     * @return a new check
     * @throws IllegalArgumentException if out of range
     */
    public ClockCheck every(Duration every) {
        check("every", every, MIN_EVERY, MAX_EVERY);
        return new ClockCheck(servers, maxOffset, every, timeout);
    }

    /**
     * Sets how long to wait for each server's answer.
     *
     * @param timeout from 10 ms to 10 s
     * @return a new check
     * @throws IllegalArgumentException if out of range
     */
    public ClockCheck timeout(Duration timeout) {
        check("timeout", timeout, MIN_TIMEOUT, MAX_TIMEOUT);
        return new ClockCheck(servers, maxOffset, every, timeout);
    }

    private static void check(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("clockCheck " + name + " must be from " + min + " to " + max + ", was "
                    + value);
        }
    }

    /**
     * Returns the servers, each as {@code host:port}, the form records name them in.
     *
     * @return the servers, in the order they are asked
     */
    public List<String> servers() {
        return servers;
    }

    /**
     * Returns the largest offset that is not an anomaly.
     *
     * @return the maximum offset
     */
    public Duration maxOffset() {
        return maxOffset;
    }

    /**
     * Returns the time between two checks.
     *
     * @return the interval
     */
    public Duration every() {
        return every;
    }

    /**
     * Returns how long each server's answer is waited for.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClockCheck other && servers.equals(other.servers) && maxOffset.equals(other.maxOffset)
                && every.equals(other.every) && timeout.equals(other.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, maxOffset, every, timeout);
    }

    @Override
    public String toString() {
        return "ClockCheck[servers=" + servers + ", maxOffset=" + maxOffset + ", every=" + every + ", timeout="
                + timeout + "]";
    }
}
