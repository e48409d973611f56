package io.govaudit.internal.trail;

import io.govaudit.alert.AuditAlertListener;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.IncrementalVerifier;
import io.govaudit.verify.Problem;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail's scheduled verification of its own chain ({@code AuditTrail.Builder.verifyEvery};
 * docs/operations.md, scheduled verification).
 *
 * <p>Ordering: a thread of its own, never the writer's, so recording never waits for it: a first
 * round right after the trail opened, then one {@code interval} after the previous round ended
 * (fixed delay: a slow round never overlaps the next). Each round is an
 * {@link IncrementalVerifier} round over the chain's directory, with the trail's seed when keyed:
 * only what is new is read, and what was read before is checked unchanged.
 *
 * <p>Failure: each integrity problem not reported before raises one
 * {@link io.govaudit.alert.AlertKind#INTEGRITY_FAILURE} naming chain, seq and file, at most
 * {@link #MAX_ALERTS_PER_ROUND} per round and then one alert counting the rest. A round that
 * cannot run (the seed cannot be read, the store cannot be listed) raises one too: the chain is
 * then not being verified, which someone must know. The listener is guarded; nothing here can
 * stop recording.
 *
 * <p>Shutdown: {@link #close()} interrupts the thread and waits for it, bounded; the trail closes
 * it before its writer drains.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from the trail's lifecycle; the rounds are
 * confined to the verification thread.
 */
final class ScheduledVerification implements AutoCloseable {

    static final int MAX_ALERTS_PER_ROUND = 10;
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledVerification.class);

    private final TrailConfig config;
    private final AuditAlertListener alerts;
    private final Clock clock;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean stopping;
    private IncrementalVerifier verifier; // verification thread only
    private String lastError; // verification thread only: a round that cannot run alerts once per cause

    private ScheduledVerification(TrailConfig config) {
        this.config = config;
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        this.clock = config.clock();
        this.intervalNanos = config.verifyEvery().toNanos();
        this.thread = config.newThread("verify", this::run);
    }

    /** Starts the rounds when the trail has {@code verifyEvery}; returns null otherwise. */
    static ScheduledVerification start(TrailConfig config) {
        if (config.verifyEvery() == null || config.directory() == null) {
            return null;
        }
        ScheduledVerification verification = new ScheduledVerification(config);
        verification.thread.start();
        return verification;
    }

    private void run() {
        while (!stopping) {
            round();
            try {
                TimeUnit.NANOSECONDS.sleep(intervalNanos);
            } catch (InterruptedException e) {
                return; // close() asked us to stop
            }
        }
    }

    /** One round; never throws, so the schedule goes on whatever a round met. */
    void round() {
        try {
            if (verifier == null) {
                AuditVerifier full = AuditVerifier.forDirectory(config.directory());
                if (config.hmacSeed() != null) {
                    full.hmacSeed(config.hmacSeed());
                }
                verifier = full.incremental(clock).chain(config.chainId());
            }
            raise(verifier.verifyRound().problems());
            lastError = null;
        } catch (IOException | RuntimeException e) {
            if (stopping || e.toString().equals(lastError)) {
                return; // a read cut short by close(), or a cause already reported
            }
            lastError = e.toString();
            alerts.onAlert(IntegrityAlerts.notVerified(config.chainId(), e, clock.instant()));
        }
    }

    private void raise(List<Problem> problems) {
        String store = config.directory().toString();
        int alerted = 0;
        for (Problem p : problems) {
            if (p.kind().isIntegrityProblem() && alerted++ < MAX_ALERTS_PER_ROUND) {
                alerts.onAlert(IntegrityAlerts.of(p, store, clock.instant()));
            }
        }
        if (alerted > MAX_ALERTS_PER_ROUND) {
            alerts.onAlert(IntegrityAlerts.more(config.chainId(), alerted - MAX_ALERTS_PER_ROUND, store, clock.instant()));
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("scheduled verification of chain '{}' did not stop within {} ms", config.chainId(), JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping the scheduled verification of chain '{}'", config.chainId());
        }
    }

    @Override
    public String toString() {
        return "ScheduledVerification[" + config.chainId() + ", every " + Duration.ofNanos(intervalNanos) + "]";
    }
}
