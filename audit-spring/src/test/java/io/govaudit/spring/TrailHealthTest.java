package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.TrailStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The replicas in the health details: where each is, its seq, how far behind, and its failure. */
class TrailHealthTest {

    private static TrailStatus status(List<TrailStatus.Replica> replicas) {
        return new TrailStatus("c", AuditTrail.State.RUNNING, 120, "ab", 1000, OptionalLong.empty(), OnFull.STOP_RECORDING,
                Optional.empty(), 0, 0, TrailStatus.Counters.NONE, replicas);
    }

    @Test
    void details_withReplicas_listEachWithItsLagAndFailure_statusStaysUp() {
        TrailStatus status = status(List.of(new TrailStatus.Replica("/mnt/replica", 120, Optional.empty()),
                new TrailStatus.Replica("/mnt/down", 40, Optional.of("java.nio.file.AccessDeniedException: /mnt/down"))));

        assertThat(TrailHealth.code(status)).as("recording goes on").isEqualTo(TrailHealth.UP);
        assertThat(TrailHealth.details(status).get("replicas")).isEqualTo(List.of(
                Map.of("location", "/mnt/replica", "seq", 120L, "behind", 0L),
                Map.of("location", "/mnt/down", "seq", 40L, "behind", 80L,
                        "failure", "java.nio.file.AccessDeniedException: /mnt/down")));
    }

    @Test
    void details_withoutReplicas_haveNoReplicasMember() {
        assertThat(TrailHealth.details(status(List.of()))).doesNotContainKey("replicas");
    }
}
