package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.internal.store.SegmentIo;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ASYNC} writer's force behind (GroupCommit): the force of one batch runs on its own
 * thread while the writer writes the next batch. A seam holds the first write until a second
 * batch is queued, and holds that write's force until the second batch's write is done, so the
 * overlap is forced to happen, not hoped for; the force then succeeds or fails.
 */
class ForceBehindTest {

    private static final long WAIT_SECONDS = 10;
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)}");

    @TempDir
    Path store;

    private final TrailFixture fixture = new TrailFixture();

    /** Steps the writer through the overlap: write A held, force A held until write B is done. */
    private static final class SteppedIo implements SegmentIo {
        final CountDownLatch firstWriteEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        final CountDownLatch secondWriteDone = new CountDownLatch(1);
        /** With {@link #holdForce}, the held force returns only after this. */
        final CountDownLatch releaseForce = new CountDownLatch(1);
        volatile boolean holdForce;
        private volatile boolean armed;
        private volatile boolean failTheForce;
        private volatile int writes;
        private volatile boolean forceArmed;
        volatile boolean forceSawSecondWrite;
        volatile String forceThread;
        volatile String writeThread;

        void arm(boolean fail) {
            failTheForce = fail;
            writes = 0;
            forceArmed = true;
            armed = true;
        }

        @Override
        public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
            if (!armed) {
                SegmentIo.super.write(channel, buffer);
                return;
            }
            int n = ++writes; // the writer thread alone writes
            writeThread = Thread.currentThread().getName();
            if (n == 1) {
                firstWriteEntered.countDown();
                await(releaseFirstWrite);
            }
            SegmentIo.super.write(channel, buffer);
            if (n == 2) {
                armed = false;
                secondWriteDone.countDown();
            }
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            if (forceArmed) {
                forceArmed = false;
                forceThread = Thread.currentThread().getName();
                // on the writer thread this would wait for a write that never comes: the test fails
                forceSawSecondWrite = await(secondWriteDone);
                if (holdForce && !await(releaseForce)) {
                    throw new IOException("the test never released the force");
                }
                if (failTheForce) {
                    throw new IOException("Input/output error");
                }
            }
            SegmentIo.super.force(channel);
        }

        private static boolean await(CountDownLatch latch) {
            try {
                return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private AuditTrail open(SegmentIo io) {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").durability(Durability.ASYNC)
                .capacity(CapacityPolicy.unbounded().onFull(OnFull.STOP_RECORDING)).alertListener(fixture.alerts::add)
                .segmentIo(io).build();
    }

    /** Records 0..9 (batch A, held in its write) and 10..19 (batch B, queued meanwhile). */
    private static void recordTwoBatches(AuditTrail trail, SteppedIo io) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            trail.record(TrailFixture.event(i));
        }
        assertThat(io.firstWriteEntered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the writer wrote batch A").isTrue();
        for (int i = 10; i < 20; i++) {
            trail.record(TrailFixture.event(i));
        }
        io.releaseFirstWrite.countDown();
    }

    private List<Integer> recordedNumbers() {
        return TrailFixture.ofType(store.resolve("c"), EventType.ADMIN_ACTION).stream().map(line -> {
            Matcher m = N.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            return Integer.parseInt(m.group(1));
        }).toList();
    }

    @Test
    void asyncBatch_isForcedOnTheForceThreadWhileTheNextBatchIsWritten_everyRecordDurableInOrder() throws Exception {
        SteppedIo io = new SteppedIo();
        try (AuditTrail trail = open(io)) {
            trail.flush();
            io.arm(false);
            recordTwoBatches(trail, io);
            long head = trail.flush();
            assertThat(trail.status().headSeq()).isEqualTo(head);
        }
        assertThat(io.forceSawSecondWrite).as("batch B was written while batch A's force ran").isTrue();
        assertThat(io.forceThread).isEqualTo("govaudit-force-c").isNotEqualTo(io.writeThread);
        assertThat(recordedNumbers()).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void batchInFlight_movesNothingBeforeItsForceReturned_flushWaitsForIt() throws Exception {
        SteppedIo io = new SteppedIo();
        io.holdForce = true;
        try (AuditTrail trail = open(io)) {
            long before = trail.flush();
            io.arm(false);
            recordTwoBatches(trail, io);
            assertThat(io.secondWriteDone.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("batch B written").isTrue();
            CompletableFuture<Long> flushed = CompletableFuture.supplyAsync(trail::flush);
            Thread.sleep(300);
            // A's force has not returned: neither A nor B (written after it) is durable yet
            assertThat(flushed).as("flush() before the force returned").isNotDone();
            assertThat(trail.status().headSeq()).isEqualTo(before);
            io.releaseForce.countDown();
            assertThat(flushed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(before + 20);
            assertThat(trail.status().headSeq()).isEqualTo(before + 20);
        }
        assertThat(recordedNumbers()).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }

    @Test
    void forceOfTheBatchInFlightFails_afterTheNextWasWritten_bothAreCutAndCounted_chainIntact() throws Exception {
        SteppedIo io = new SteppedIo();
        try (AuditTrail trail = open(io)) {
            trail.flush();
            io.arm(true);
            recordTwoBatches(trail, io);
            trail.flush();
            for (int i = 20; i < 30; i++) { // after the failure: recorded once recording resumed
                trail.record(TrailFixture.event(i));
            }
            trail.flush();
            trail.flush();
        }
        assertThat(io.forceSawSecondWrite).as("batch B was written while batch A's force ran").isTrue();
        assertThat(fixture.alertKinds()).contains(AlertKind.STORE_IO_ERROR);
        List<Integer> recorded = recordedNumbers();
        // A's force failed, so nothing of A may count as durable; B was written after A: it goes too
        assertThat(recorded).noneMatch(n -> n < 20);
        assertThat(recorded.size() + TrailFixture.notRecorded(store.resolve("c"))).isEqualTo(30);
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.problems()).extracting(p -> p.kind()).containsOnly(ProblemKind.RECORDING_GAP);
        // reopening finds no torn tail: the cut went back to the last durable record
        AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").build().close();
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.RECOVERY)).isEmpty();
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }
}
