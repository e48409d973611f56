package io.govaudit.spring;

import io.govaudit.AuditTrail;
import io.govaudit.TrailStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of an {@link AuditTrail}, independent of the Spring Boot version: the status code and
 * details that the Boot 4 and the Boot 3.5 health indicators both report.
 *
 * <table>
 * <caption>Status by trail state</caption>
 * <tr><th>trail</th><th>health</th></tr>
 * <tr><td>RUNNING</td><td>UP</td></tr>
 * <tr><td>DEGRADED (past the capacity warning)</td><td>UP, with detail {@code warning}: records are
 * still written, so the application is healthy; the warning is for capacity planning and was also
 * raised as a {@code CAPACITY_WARNING} alert</td></tr>
 * <tr><td>STOPPED, events counted (STOP_RECORDING, OVERWRITE_OLDEST)</td><td>OUT_OF_SERVICE</td></tr>
 * <tr><td>STOPPED, records refused (FAIL_CLOSED); FAILED; CLOSED</td><td>DOWN</td></tr>
 * </table>
 *
 * <p>Details: {@code chain}, {@code state}, {@code head} (seq and hash), {@code capacity} (bytes
 * used, the bound, use in percent, on-full action), {@code notRecorded}, and with replicas
 * {@code replicas} (location, seq, records behind, failure). Never keys or record
 * contents. Thread-safe: stateless.
 */
final class TrailHealth {

    static final String UP = "UP";
    static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";
    static final String DOWN = "DOWN";

    private TrailHealth() {
    }

    /**
     * The status code.
     *
     * @param status the trail's status
     * @return UP, OUT_OF_SERVICE or DOWN
     */
    static String code(TrailStatus status) {
        if (status.refusing()) {
            return DOWN;
        }
        return status.recording() ? UP : OUT_OF_SERVICE;
    }

    /**
     * The details.
     *
     * @param status the trail's status
     * @return an ordered map of plain values
     */
    static Map<String, Object> details(TrailStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chain", status.chainId());
        details.put("state", status.state().name());
        details.put("head", Map.of("seq", status.headSeq(), "hash", status.headHash()));
        details.put("capacity", capacity(status));
        details.put("notRecorded", status.notRecorded());
        if (!status.replicas().isEmpty()) {
            details.put("replicas", replicas(status));
        }
        if (status.state() == AuditTrail.State.DEGRADED) {
            details.put("warning", "the store is past its capacity warning threshold; records are still written");
        }
        return details;
    }

    /**
     * Each replica: where it is, its seq, how many records it lacks, and its failure if any. A
     * failing replica does not change the status (recording goes on; {@code REPLICA_FAILED} and
     * {@code REPLICA_BEHIND} alerts tell people), but a warning says so.
     */
    static java.util.List<Map<String, Object>> replicas(TrailStatus status) {
        java.util.List<Map<String, Object>> replicas = new java.util.ArrayList<>();
        for (TrailStatus.Replica replica : status.replicas()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("location", replica.location());
            entry.put("seq", replica.replicatedSeq());
            entry.put("behind", Math.max(0, status.headSeq() - replica.replicatedSeq()));
            replica.failure().ifPresent(failure -> entry.put("failure", failure));
            replicas.add(entry);
        }
        return replicas;
    }

    /** Bytes used, the bound (or "unbounded"), use in percent when bounded, the on-full action. */
    static Map<String, Object> capacity(TrailStatus status) {
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("usedBytes", status.usedBytes());
        if (status.maxBytes().isPresent()) {
            capacity.put("maxBytes", status.maxBytes().getAsLong());
            capacity.put("usedPercent", Math.round(status.capacityUse().orElse(0) * 1000) / 10.0);
        } else {
            capacity.put("maxBytes", "unbounded");
        }
        capacity.put("onFull", status.onFull().name());
        return capacity;
    }
}
