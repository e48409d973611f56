package io.govaudit.benchmarks;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.PersonalDataMasking;
import io.govaudit.Subject;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.SessionHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What personal-data masking adds to the per-event encode (issue 12): {@code BodyEncoder.encode}
 * of one typical application event, on the caller thread, as {@code AuditTrail.record} runs it
 * before queueing. The event: an actor with id, name, role and admin flag; a subject with a name;
 * ip and op; three detail values (a case number, a note holding a mobile number as a clerk would
 * type it, a status in Chinese) and no reason. So three strings hold digits (op, case number,
 * note) and one value is masked.
 *
 * <p>{@code masking}: {@code OFF} is today's encode with only {@code Secrets} (the built-in rules
 * off, {@code PersonalDataMasking.builder().rules()}), the baseline; {@code DEFAULT} is every
 * built-in rule; {@code HASH} adds the keyed hash (one HMAC-SHA256 per masked value). All three run
 * in one JMH run, so the ratio {@code DEFAULT / OFF} compares like with like. Target: under
 * 1.10. Nanoseconds per event, lower is better.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class MaskingBenchmark {

    /** Which masking the encoder applies. */
    @Param({"OFF", "DEFAULT", "HASH"})
    public String masking;

    /**
     * What the note says: {@code IDENTIFIER}, a mobile number that masking must rewrite; or
     * {@code PLAIN}, the same kind of note without any identifier (most admin events).
     */
    @Param({"IDENTIFIER", "PLAIN"})
    public String note = "IDENTIFIER";

    private BodyEncoder encoder;
    private AuditEvent event;
    private Location where;

    @Setup
    public void setUp() {
        PersonalDataMasking policy;
        switch (masking) {
            case "OFF": policy = PersonalDataMasking.builder().rules().build(); break;
            case "DEFAULT": policy = PersonalDataMasking.defaults(); break;
            default: policy = PersonalDataMasking.builder().keyedHash(true).build(); break;
        }
        encoder = new BodyEncoder(16 * 1024, new SessionHasher(new byte[32]), policy);
        Actor clerk = Actor.builder(AuditEvents.ACTOR_ID).name(AuditEvents.ACTOR_NAME).roles(AuditEvents.ROLE)
                .admin(true).build();
        event = AuditEvent.of(EventType.of("CASE_UPDATE"), clerk)
                .subject(new Subject("CASE", "1130012345", "低收入戶資格審查"))
                .detail("case_no", "1130012345")
                .detail("note", note.equals("PLAIN") ? "申請人來電更正通訊地址，已依規定核對身分"
                        : "申請人來電更正通訊地址，聯絡手機 0912-345-678")
                .detail("status", "已送科長核定")
                .build();
        where = new Location("permit-portal", "bench-host", null, AuditEvents.IP, "PUT /cases/1130012345", null);
    }

    /**
     * Encodes the event once.
     *
     * @return the encoded body, so the work is not eliminated
     */
    @Benchmark
    public byte[] encode() {
        return encoder.encode(event, where);
    }
}
