package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SyntheticEventsTest {

    private final SyntheticEvents events = new SyntheticEvents();

    @Test
    void event_oneCycle_coversEveryRequiredTypeOnce() {
        List<EventType> types = LongStream.range(0, SyntheticEvents.TYPES).mapToObj(i -> events.event(i).type()).toList();

        assertThat(types).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(EventType.required());
    }

    @Test
    void event_sameIndex_isEqual() {
        assertThat(events.event(1234)).isEqualTo(new SyntheticEvents().event(1234));
    }

    @Test
    void event_manyCycles_varyActorsUsersAndAddresses() {
        Set<String> actors = new HashSet<>();
        Set<String> ips = new HashSet<>();
        Set<String> configKeys = new HashSet<>();
        for (long i = 0; i < 20 * SyntheticEvents.TYPES; i++) {
            AuditEvent event = events.event(i);
            actors.add(event.actor().id());
            ips.add(event.where().ip());
            if (event.type().equals(EventType.CONFIG_CHANGE)) {
                configKeys.add((String) event.detail().get("key"));
            }
        }

        assertThat(actors).hasSizeGreaterThan(5);
        assertThat(ips).hasSizeGreaterThan(100).allMatch(ip -> ip.startsWith("10."));
        assertThat(configKeys).contains("session.timeout", "smtp.password");
    }

    @Test
    void event_userCreate_hasUserSubjectAndAdminOp() {
        AuditEvent create = events.event(3);

        assertThat(create.type()).isEqualTo(EventType.USER_CREATE);
        assertThat(create.subject().kind()).isEqualTo(Subject.USER);
        assertThat(create.actor().admin()).isTrue();
        assertThat(create.where().op()).isEqualTo("POST /admin/users");
    }

    @Test
    void event_permissionChangeAndSensitiveAccess_carryTheirDetail() {
        AuditEvent permission = events.event(5);
        AuditEvent access = events.event(10);

        assertThat(permission.detail()).containsKeys("granted", "revoked");
        assertThat(access.detail()).containsKeys("fields", "purpose");
        assertThat(access.subject().kind()).isIn("CITIZEN", "TAXPAYER", "APPLICANT");
    }

    @Test
    void slice_anyCountAndThreads_sharesCountExactly() {
        for (long count : new long[] {1, 7, 1300, 20_001}) {
            for (int threads : new int[] {1, 3, 4, 8, 256}) {
                GeneratorRun run = new GeneratorRun(events, count, threads);
                long sum = 0;
                for (int k = 0; k < threads; k++) {
                    assertThat(run.slice(k)).isBetween(count / threads, count / threads + 1);
                    sum += run.slice(k);
                }
                assertThat(sum).as("count %d threads %d", count, threads).isEqualTo(count);
            }
        }
    }
}
