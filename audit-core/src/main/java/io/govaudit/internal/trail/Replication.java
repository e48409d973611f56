package io.govaudit.internal.trail;

import io.govaudit.TrailStatus;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trail's replicas ({@code AuditTrail.Builder.replicateTo}): one {@link ReplicaShipper} thread
 * per replica, and a watcher thread that raises {@link AlertKind#REPLICA_BEHIND} when a replica
 * has not held everything the trail made durable for longer than {@code replicaMaxLag} (also
 * when its thread is stuck in a write that does not return), and
 * {@link AlertKind#REPLICA_CAUGHT_UP} when it holds it again.
 *
 * <p>Shutdown: {@link #close()} runs after the trail's writer stopped: each replica ships the
 * rest, bounded; one still behind then raises {@code REPLICA_BEHIND} saying it catches up when the
 * trail opens again.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from the trail's lifecycle; the watcher
 * reads the shippers' volatile progress only.
 */
final class Replication implements AutoCloseable {

    private static final long WATCH_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    private final TrailConfig config;
    private final Supplier<StatusBoard.Published> trailHead;
    private final AuditAlertListener alerts;
    private final List<ReplicaShipper> shippers = new ArrayList<>();
    private final boolean[] behind;
    private final Thread watcher;
    private volatile boolean stopping;

    private Replication(TrailConfig config, Supplier<StatusBoard.Published> trailHead) {
        this.config = config;
        this.trailHead = trailHead;
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        int n = config.replicas().size();
        for (int i = 0; i < n; i++) {
            shippers.add(new ReplicaShipper(config, config.replicas().get(i), trailHead, n == 1 ? "replica" : "replica-" + (i + 1)));
        }
        this.behind = new boolean[n];
        this.watcher = config.newThread("replica-watch", this::watch);
    }

    /**
     * Starts replicating when the trail has replicas.
     *
     * @param config    the trail's configuration
     * @param trailHead the trail's durable head, as the writer publishes it
     * @return the running replication, or null without replicas
     */
    static Replication start(TrailConfig config, Supplier<StatusBoard.Published> trailHead) {
        if (config.replicas().isEmpty()) {
            return null;
        }
        Replication replication = new Replication(config, trailHead);
        replication.shippers.forEach(ReplicaShipper::start);
        replication.watcher.start();
        return replication;
    }

    private void watch() {
        while (!stopping) {
            check(false);
            try {
                TimeUnit.MILLISECONDS.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return; // close() stops the watcher
            }
        }
    }

    /** Compares each replica with the trail's durable head; raises or clears {@code REPLICA_BEHIND}. */
    void check(boolean closing) {
        long now = config.ticker().getAsLong();
        long maxLag = config.replicaMaxLag().toNanos();
        long durable = trailHead.get().headSeq();
        for (int i = 0; i < shippers.size(); i++) {
            ReplicaShipper shipper = shippers.get(i);
            long replicated = Math.max(0, shipper.replicatedSeq());
            boolean late = replicated < durable && (closing || now - shipper.currentSinceNanos() > maxLag);
            if (late && !behind[i]) {
                behind[i] = true;
                alerts.onAlert(alert(AlertKind.REPLICA_BEHIND, shipper, replicated, durable, closing
                        ? "the trail closed with the replica " + (durable - replicated) + " records behind; it catches "
                                + "up when the trail opens again"
                        : "the replica has not held every durable record for more than " + config.replicaMaxLag()
                                + " (replicaMaxLag); " + (durable - replicated) + " records behind"
                                + (shipper.failure() != null ? "; failing: " + shipper.failure() : "")));
            } else if (!late && behind[i] && replicated >= durable) {
                behind[i] = false;
                alerts.onAlert(alert(AlertKind.REPLICA_CAUGHT_UP, shipper, replicated, durable,
                        "the replica holds every durable record again"));
            }
        }
    }

    private AuditAlert alert(AlertKind kind, ReplicaShipper shipper, long replicated, long durable, String why) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("replica", shipper.target().describe());
        facts.put("replicated_seq", replicated);
        facts.put("trail_seq", durable);
        facts.put("behind_records", Math.max(0, durable - replicated));
        facts.put("max_lag", config.replicaMaxLag().toString());
        return new AuditAlert(kind, config.chainId(), config.clock().instant(),
                "chain '" + config.chainId() + "': replica " + shipper.target().describe() + ": " + why, facts);
    }

    /** @return where each replica stands, for {@code AuditTrail.status()} */
    List<TrailStatus.Replica> status() {
        List<TrailStatus.Replica> status = new ArrayList<>(shippers.size());
        for (ReplicaShipper shipper : shippers) {
            status.add(new TrailStatus.Replica(shipper.target().describe(), Math.max(0, shipper.replicatedSeq()),
                    Optional.ofNullable(shipper.failure())));
        }
        return status;
    }

    /** Ships the rest to each replica, bounded, then stops every thread. Called after the writer stopped. */
    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
        try {
            watcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ReplicaShipper shipper : shippers) {
            shipper.finish();
        }
        check(true);
        LOG.debug("replication of chain '{}' stopped", config.chainId());
    }

    @Override
    public String toString() {
        return "Replication[" + config.chainId() + ", " + shippers.size() + " replicas, max lag "
                + Duration.ofNanos(config.replicaMaxLag().toNanos()) + "]";
    }
}
