package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder hands its detail map to the event it builds instead of copying it (issue 17): an
 * event must still never change when its builder is used again, and errors and the record-size
 * limit must still name the member as {@code detail.<key>}.
 */
class AuditEventBuilderTest {

    private static final Actor ADMIN = Actor.of("A1");

    @Test
    void builderUsedAgainAfterBuild_leavesTheFirstEventUnchanged() {
        AuditEvent.Builder builder = AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN).detail("rows", 10);
        AuditEvent first = builder.build();

        AuditEvent second = builder.detail("format", "csv").build();
        AuditEvent third = builder.detail("ticket", "CHG-1").build();

        assertThat(first.detail()).containsExactly(Map.entry("rows", 10));
        assertThat(second.detail()).containsExactly(Map.entry("rows", 10), Map.entry("format", "csv"));
        assertThat(third.detail()).containsExactly(Map.entry("rows", 10), Map.entry("format", "csv"),
                Map.entry("ticket", "CHG-1"));
    }

    @Test
    void eventDetail_isReadOnly_withOrWithoutMembers() {
        AuditEvent empty = AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN).build();
        AuditEvent one = AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN).detail("rows", 1).build();

        assertThat(empty.detail()).isEmpty();
        assertThat(empty.detail().get(null)).isNull();
        assertThatThrownBy(() -> empty.detail().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> one.detail().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> one.detail().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(one.detail()).containsExactly(Map.entry("rows", 1));
    }

    @Test
    void aDuplicateKeyAfterBuild_isStillRefused_andTheEventKeepsItsValue() {
        AuditEvent.Builder builder = AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN).detail("rows", 1);
        AuditEvent event = builder.build();

        assertThatThrownBy(() -> builder.detail("rows", 2))
                .isInstanceOfSatisfying(AuditRecordRejectedException.class,
                        e -> assertThat(e.member()).isEqualTo("detail.rows"));
        assertThat(event.detail()).containsExactly(Map.entry("rows", 1));
    }

    @Test
    void badValues_nameTheDetailMember() {
        AuditEvent.Builder builder = AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN);

        assertThatThrownBy(() -> builder.detail("rows", null)).isInstanceOfSatisfying(AuditRecordRejectedException.class,
                e -> assertThat(e.member()).isEqualTo("detail.rows"));
        assertThatThrownBy(() -> builder.detail("ratio", Double.NaN)).isInstanceOfSatisfying(
                AuditRecordRejectedException.class, e -> assertThat(e.member()).isEqualTo("detail.ratio"));
        assertThatThrownBy(() -> builder.detail("ids", List.of(List.of("a")))).isInstanceOfSatisfying(
                AuditRecordRejectedException.class, e -> assertThat(e.member()).isEqualTo("detail.ids"));
        assertThatThrownBy(() -> builder.detail("when", new Object())).isInstanceOfSatisfying(
                AuditRecordRejectedException.class, e -> assertThat(e.member()).isEqualTo("detail.when"));
    }

    @Test
    void aRecordOverTheLimit_namesTheLargestMember_inDetailOrNot(@TempDir Path dir) throws IOException {
        try (AuditTrail trail = AuditTrail.builder().directory(dir).chainId("c").system("s").host("h")
                .maxRecordBytes(4096).build()) {
            assertThatThrownBy(() -> trail.record(AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN)
                    .detail("note", "x".repeat(1500)).detail("more", "x".repeat(1000)).reason("y".repeat(2000)).build()))
                    .isInstanceOfSatisfying(AuditRecordRejectedException.class, e -> {
                        assertThat(e.member()).isEqualTo("reason");
                        assertThat(e.getMessage()).contains("2000 characters, the largest in the event");
                    });
            assertThatThrownBy(() -> trail.record(AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN)
                    .detail("note", "x".repeat(2500)).detail("more", "x".repeat(3000)).build()))
                    .isInstanceOfSatisfying(AuditRecordRejectedException.class,
                            e -> assertThat(e.member()).isEqualTo("detail.more"));
            assertThatThrownBy(() -> trail.record(AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN)
                    .detail("items", List.of("a", "y".repeat(4000))).build()))
                    .isInstanceOfSatisfying(AuditRecordRejectedException.class,
                            e -> assertThat(e.member()).isEqualTo("detail.items"));
            // the encoder's state is reused from event to event: the largest member is this event's
            assertThatThrownBy(() -> trail.record(AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN)
                    .detail("note", "x".repeat(1000)).reason("y".repeat(2000)).detail("more", "z".repeat(1500)).build()))
                    .isInstanceOfSatisfying(AuditRecordRejectedException.class, e -> {
                        assertThat(e.member()).isEqualTo("reason");
                        assertThat(e.getMessage()).contains("2000 characters, the largest in the event");
                    });
            assertThat(trail.record(AuditEvent.of(EventType.of("REPORT_EXPORT"), ADMIN).detail("note", "ok").build())
                    .seq()).isPresent();
        }
    }

    /** A number type the application extends must not run its code, or change, after build. */
    @Test
    void aSubclassOfBigDecimalOrBigInteger_isKeptAsThePlainValueItShowedAtBuild() {
        BigDecimal drifting = new BigDecimal("1.50") {
            private int shown;

            @Override
            public String toString() {
                return shown++ == 0 ? "1.50" : "999";
            }
        };
        AuditEvent event = AuditEvent.of(EventType.of("PAYMENT"), ADMIN).detail("amount", drifting)
                .detail("count", new BigInteger("7") {
                    @Override
                    public String toString() {
                        return "7";
                    }
                })
                .detail("plain", new BigDecimal("2.5")).build();

        assertThat(event.detail().get("amount")).isExactlyInstanceOf(BigDecimal.class)
                .hasToString("1.50").isEqualTo(new BigDecimal("1.50"));
        assertThat(event.detail().get("count")).isExactlyInstanceOf(BigInteger.class).isEqualTo(BigInteger.valueOf(7));
        assertThat(drifting.toString()).isEqualTo("999"); // the event holds what the value showed once
    }

    @Test
    void aNumberSubclassWhoseTextIsNotANumber_isRefusedNamingTheMember() {
        BigInteger odd = new BigInteger("7") {
            @Override
            public String toString() {
                return "seven";
            }
        };
        assertThatThrownBy(() -> AuditEvent.of(EventType.of("PAYMENT"), ADMIN).detail("count", odd))
                .isInstanceOfSatisfying(AuditRecordRejectedException.class, e -> {
                    assertThat(e.member()).isEqualTo("detail.count");
                    assertThat(e.getMessage()).contains("whose text is not a number");
                });
    }
}
