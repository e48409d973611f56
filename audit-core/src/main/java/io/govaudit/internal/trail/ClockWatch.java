package io.govaudit.internal.trail;

import io.govaudit.ClockCheck;
import io.govaudit.EventType;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail's clock check ({@code AuditTrail.Builder.clockCheck}; docs/format.md section 4b,
 * docs/operations.md, clock synchronisation).
 *
 * <p>Ordering: the check at start runs on the opening thread before the opening records are
 * written, so {@code TRAIL_START} carries its offset ({@link #atStart}); bounded by the timeout
 * per server. Later checks run on a thread of their own, one {@code every} after the previous
 * ended, never on the writer's: a slow or silent server never delays recording. A check's
 * result is a {@link Finding} queued here; the writer takes it between batches and writes it
 * ({@code CLOCK_CHECK} or {@code CLOCK_ANOMALY}), since only the writer sequences records.
 *
 * <p>Anomalies: an offset beyond {@code maxOffset}; or a step, found by comparing how far the
 * trail's clock moved since the previous check with how far the monotonic ticker moved: less
 * by more than {@code maxOffset} is a backward step, more by more than it a forward jump. Each
 * check writes at most one record, so a lasting offset writes one anomaly per interval, not a storm.
 *
 * <p>Failure: a check no server answers writes nothing and raises one {@code CLOCK_ANOMALY}
 * alert ({@code reason} {@code no_answer}); later silent checks raise none until a server has
 * answered again. Findings wait in a bounded queue ({@link #MAX_PENDING}); beyond it they are
 * logged and dropped (the writer is stopped or failed then, and says so itself).
 *
 * <p>Thread-safety: {@link #atStart} runs before {@link #start}; the checks after it are
 * confined to the check thread; {@link #poll} is the writer's; the queue is thread-safe.
 */
final class ClockWatch implements AutoCloseable {

    static final int MAX_PENDING = 16;
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);

    /** One check's record for the writer: its type, its detail in order, and the alert text or null. */
    record Finding(EventType type, Map<String, Object> facts, String alert) {
    }

    private final String chainId;
    private final ClockCheck check;
    private final Clock clock;
    private final LongSupplier ticker;
    private final SntpClient sntp;
    private final AuditAlertListener alerts;
    private final Thread thread;
    private final BlockingQueue<Finding> findings = new LinkedBlockingQueue<>(MAX_PENDING);
    private volatile boolean stopping;
    private Instant lastWall; // check thread only (the opening thread before start)
    private long lastTicks;
    private boolean silent; // no server answered the last check

    private ClockWatch(TrailConfig config) {
        this.chainId = config.chainId();
        this.check = config.clockCheck();
        this.clock = config.clock();
        this.ticker = config.ticker();
        this.sntp = new SntpClient(config.clock());
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        this.thread = config.newThread("clock", this::run);
    }

    /** A watch when the trail has {@code clockCheck}; null otherwise. */
    static ClockWatch create(TrailConfig config) {
        return config.clockCheck() == null ? null : new ClockWatch(config);
    }

    /**
     * The check at start: returns the {@code TRAIL_START} detail members ({@code clock_offset_ms},
     * {@code clock_server}; none when no server answered) and queues an anomaly if there is one.
     */
    Map<String, Object> atStart() {
        lastWall = clock.instant();
        lastTicks = ticker.getAsLong();
        SntpClient.Reading reading = measure();
        Map<String, Object> facts = new LinkedHashMap<>();
        if (reading != null) {
            facts.put("clock_offset_ms", reading.offsetMillis());
            facts.put("clock_server", reading.server());
            if (Math.abs(reading.offsetMillis()) > check.maxOffset().toMillis()) {
                offer(offsetAnomaly(reading));
            }
        }
        return facts;
    }

    /** Starts the periodic checks. */
    void start() {
        thread.start();
    }

    /** The next finding for the writer, or null. */
    Finding poll() {
        return findings.poll();
    }

    private void run() {
        while (!stopping) {
            try {
                TimeUnit.NANOSECONDS.sleep(check.every().toNanos());
            } catch (InterruptedException e) {
                return; // close() asked us to stop
            }
            round();
        }
    }

    /** One periodic check; never throws. */
    void round() {
        try {
            Instant wall = clock.instant();
            long ticks = ticker.getAsLong();
            long stepMillis = Duration.between(lastWall, wall).toMillis() - TimeUnit.NANOSECONDS.toMillis(ticks - lastTicks);
            lastWall = wall;
            lastTicks = ticks;
            SntpClient.Reading reading = measure();
            Finding finding = Math.abs(stepMillis) > check.maxOffset().toMillis() ? stepAnomaly(stepMillis, reading)
                    : reading == null ? null
                    : Math.abs(reading.offsetMillis()) > check.maxOffset().toMillis() ? offsetAnomaly(reading)
                    : new Finding(EventType.CLOCK_CHECK, readingFacts(reading), null);
            if (finding != null) {
                offer(finding);
            }
        } catch (RuntimeException e) {
            LOG.warn("chain '{}': the clock check failed unexpectedly", chainId, e);
        }
    }

    /** The first valid reading of the servers in order, or null (alerting once) if none answered. */
    private SntpClient.Reading measure() {
        List<String> errors = new ArrayList<>();
        for (String server : check.servers()) {
            if (stopping) {
                return null;
            }
            try {
                SntpClient.Reading reading = sntp.query(server, check.timeout());
                silent = false;
                return reading;
            } catch (IOException | RuntimeException e) {
                errors.add(server + ": " + e.getMessage());
            }
        }
        if (!silent && !stopping) {
            silent = true;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("reason", "no_answer");
            facts.put("servers", check.servers());
            alerts.onAlert(new AuditAlert(AlertKind.CLOCK_ANOMALY, chainId, clock.instant(), "chain '" + chainId
                    + "': no time server answered the clock check (" + String.join("; ", errors) + "); the clock is "
                    + "not being checked until one answers: check the servers and that UDP port 123 is open", facts));
        }
        return null;
    }

    private static Map<String, Object> readingFacts(SntpClient.Reading reading) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("offset_ms", reading.offsetMillis());
        facts.put("server", reading.server());
        facts.put("delay_ms", reading.delayMillis());
        return facts;
    }

    private Finding offsetAnomaly(SntpClient.Reading reading) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("reason", "offset");
        facts.putAll(readingFacts(reading));
        facts.put("max_offset_ms", check.maxOffset().toMillis());
        return new Finding(EventType.CLOCK_ANOMALY, facts, "chain '" + chainId + "': the clock is "
                + Math.abs(reading.offsetMillis()) + " ms " + (reading.offsetMillis() > 0 ? "behind " : "ahead of ")
                + reading.server() + ", more than the " + check.maxOffset().toMillis() + " ms allowed; "
                + "check the host's time synchronisation");
    }

    private Finding stepAnomaly(long stepMillis, SntpClient.Reading reading) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("reason", stepMillis < 0 ? "backward_step" : "forward_jump");
        facts.put("step_ms", stepMillis);
        if (reading != null) {
            facts.putAll(readingFacts(reading));
        }
        facts.put("max_offset_ms", check.maxOffset().toMillis());
        return new Finding(EventType.CLOCK_ANOMALY, facts, "chain '" + chainId + "': the clock "
                + (stepMillis < 0 ? "stepped back" : "jumped forward") + " by " + Math.abs(stepMillis)
                + " ms between two clock checks (the monotonic clock says otherwise); records keep the clock's time");
    }

    private void offer(Finding finding) {
        if (!findings.offer(finding)) {
            LOG.warn("chain '{}': {} clock check results wait for the writer already; dropped {}", chainId,
                    MAX_PENDING, finding);
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping the clock check of chain '{}'", chainId);
        }
    }

    @Override
    public String toString() {
        return "ClockWatch[" + chainId + ", " + check + "]";
    }
}
