package io.govaudit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.ChainLockedException;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.SessionHasher;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract (STYLE.md S32): what every {@link ChainStore} must do, whether files or a
 * database. Each store extends this class and says how to open a chain, read back what is
 * durable, verify it, and make the next commit fail.
 */
public abstract class ChainStoreContract {

    /** Segments this small roll after a few records. */
    protected static final long SMALL_SEGMENT = 4096;

    private static final Instant T0 = Instant.parse("2026-11-28T01:02:03.456789Z");
    private final List<ChainStore> opened = new ArrayList<>();
    private final BodyEncoder bodies = new BodyEncoder(16 * 1024, new SessionHasher(new byte[32]));

    /**
     * Opens (or reopens) a chain of the store under test for one writer.
     *
     * @param chainId         the chain
     * @param segmentMaxBytes the segment size bound
     * @return the store's handle
     * @throws IOException if it cannot be opened
     */
    protected abstract ChainStore openChain(String chainId, long segmentMaxBytes) throws IOException;

    /**
     * Reads back the durable record lines of a chain, in chain order, without their {@code \n}.
     *
     * @param chainId the chain
     * @return the lines
     * @throws IOException if they cannot be read
     */
    protected abstract List<String> durableLines(String chainId) throws IOException;

    /**
     * Verifies every chain of the store under test with the verifier.
     *
     * @return the report
     * @throws IOException if the store cannot be read
     */
    protected abstract VerificationReport verifyStore() throws IOException;

    /**
     * Makes the next {@link ChainStore#force} of {@code store} fail, as a full disk or a lost
     * connection would.
     *
     * @param store a store from {@link #openChain}
     */
    protected abstract void failNextForce(ChainStore store);

    @AfterEach
    void closeOpened() throws IOException {
        for (ChainStore store : opened) {
            store.close();
        }
    }

    private ChainStore open(String chainId, long segmentMaxBytes) throws IOException {
        ChainStore store = openChain(chainId, segmentMaxBytes);
        opened.add(store);
        return store;
    }

    /** Encodes chained records after the store's head. */
    private final class Batch {
        final LineBuffer buffer = new LineBuffer(4096);
        final ChainEncoder chain;
        final List<String> lines = new ArrayList<>();

        Batch(String chainId, long lastSeq, String lastHash) {
            chain = new ChainEncoder(chainId, lastSeq, lastHash);
        }

        Batch add(AuditEvent event) {
            int start = buffer.size();
            chain.append(buffer, bodies.encode(event, new Location("contract", "host-1", null, "192.0.2.7",
                    null, null)), T0.plusSeconds(chain.lastSeq()));
            lines.add(new String(buffer.data(), start, buffer.size() - start - 1, StandardCharsets.UTF_8));
            return this;
        }

        Batch events(int count) {
            for (int i = 0; i < count; i++) {
                add(AuditEvent.userLock(Actor.of("admin" + (i % 3)), "user" + i).detail("n", i).build());
            }
            return this;
        }

        void writeTo(ChainStore store) throws IOException {
            store.write(buffer.data(), buffer.size(), T0);
        }

        void next() {
            buffer.clear();
            lines.clear();
        }
    }

    private Batch batch(String chainId, ChainStore store) {
        return new Batch(chainId, store.lastSeq(), store.lastHash());
    }

    @Test
    void newChain_startsAtTheGenesis() throws IOException {
        ChainStore store = open("c-new", SMALL_SEGMENT * 16);

        assertThat(store.lastSeq()).isZero();
        assertThat(store.lastHash()).isEqualTo(RecordFormat.GENESIS_PREV);
        assertThat(durableLines("c-new")).isEmpty();
    }

    @Test
    void forcedBatches_areReadBackInOrder_byteForByte() throws IOException {
        ChainStore store = open("c-order", SMALL_SEGMENT * 16);
        Batch batch = batch("c-order", store);
        List<String> written = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            batch.events(5 + b);
            batch.writeTo(store);
            store.force();
            written.addAll(batch.lines);
            batch.next();
        }

        assertThat(durableLines("c-order")).containsExactlyElementsOf(written);
        VerificationAssert.assertThat(verifyStore()).isIntact();
    }

    @Test
    void rewind_dropsWhatWasNotForced() throws IOException {
        ChainStore store = open("c-rewind", SMALL_SEGMENT * 16);
        Batch batch = batch("c-rewind", store);
        batch.events(4).writeTo(store);
        store.force();
        List<String> kept = new ArrayList<>(batch.lines);
        long seq = batch.chain.lastSeq();
        String hash = batch.chain.lastHash();

        batch.next();
        batch.events(3).writeTo(store);
        store.rewind();
        batch.chain.reset(seq, hash);
        batch.next();
        batch.events(2).writeTo(store);
        store.force();
        kept.addAll(batch.lines);

        assertThat(durableLines("c-rewind")).containsExactlyElementsOf(kept);
        VerificationAssert.assertThat(verifyStore()).isIntact();
    }

    @Test
    void failedForce_leavesNoneOfTheBatch_andTheNextBatchCommits() throws IOException {
        ChainStore store = open("c-fail", SMALL_SEGMENT * 16);
        Batch batch = batch("c-fail", store);
        batch.events(3).writeTo(store);
        store.force();
        List<String> kept = new ArrayList<>(batch.lines);
        long seq = batch.chain.lastSeq();
        String hash = batch.chain.lastHash();

        batch.next();
        batch.events(6).writeTo(store);
        failNextForce(store);
        assertThatThrownBy(store::force).isInstanceOf(IOException.class);
        store.rewind();
        assertThat(durableLines("c-fail")).containsExactlyElementsOf(kept);

        batch.chain.reset(seq, hash);
        batch.next();
        batch.events(2).writeTo(store);
        store.force();
        kept.addAll(batch.lines);
        assertThat(durableLines("c-fail")).containsExactlyElementsOf(kept);
        VerificationAssert.assertThat(verifyStore()).isIntact();
    }

    @Test
    void reopen_continuesTheChainFromItsHead() throws IOException {
        ChainStore first = open("c-reopen", SMALL_SEGMENT * 16);
        Batch batch = batch("c-reopen", first);
        batch.events(7).writeTo(first);
        first.force();
        first.close();

        ChainStore second = open("c-reopen", SMALL_SEGMENT * 16);
        assertThat(second.lastSeq()).isEqualTo(7);
        assertThat(second.lastHash()).isEqualTo(batch.chain.lastHash());
        Batch more = batch("c-reopen", second);
        more.events(2).writeTo(second);
        second.force();

        assertThat(durableLines("c-reopen")).hasSize(9);
        VerificationAssert.assertThat(verifyStore()).isIntact();
    }

    @Test
    void secondWriter_isRefused_untilTheFirstCloses() throws IOException {
        ChainStore first = open("c-lock", SMALL_SEGMENT * 16);

        assertThatThrownBy(() -> open("c-lock", SMALL_SEGMENT * 16))
                .isInstanceOf(ChainLockedException.class)
                .hasMessageContaining("c-lock");

        first.close();
        ChainStore second = open("c-lock", SMALL_SEGMENT * 16);
        assertThat(second.lastSeq()).isZero();
    }

    @Test
    void segments_rollBySize_andAnAttestedPurgeRemovesTheOldest() throws IOException {
        ChainStore store = open("c-purge", SMALL_SEGMENT);
        Batch batch = batch("c-purge", store);
        Instant now = T0;
        while (store.closedSegments() < 2) {
            batch.events(1);
            long line = batch.lines.get(0).length() + 1L;
            if (store.mustRoll(0, line, now)) {
                store.roll(batch.chain.lastSeq());
            }
            batch.writeTo(store);
            store.force();
            batch.next();
        }
        List<String> before = durableLines("c-purge");
        long used = store.usedBytes();
        List<Long> sizes = store.closedSegmentSizes();
        assertThat(sizes).hasSize(2).allSatisfy(size -> assertThat(size).isPositive());

        PurgePlan plan = store.planPurge(1, batch.chain.lastSeq(), batch.chain.lastHash(), now);

        assertThat(plan.firstSeq()).isEqualTo(1);
        assertThat(plan.lastSeq()).isBetween(2L, (long) before.size() - 1);
        assertThat(before.get((int) plan.lastSeq() - 1)).contains("\"hash\":\"" + plan.lastHash() + "\"");
        assertThat(before.get((int) plan.lastSeq())).contains("\"prev\":\"" + plan.lastHash() + "\"");
        assertThat(plan.bytes()).isEqualTo(sizes.get(0));

        batch.add(io.govaudit.internal.trail.LibraryEvents.of(EventType.RETENTION_PURGE)
                .detail("first_seq", plan.firstSeq()).detail("last_seq", plan.lastSeq())
                .detail("last_hash", plan.lastHash()).detail("bytes_freed", plan.bytes()).build());
        batch.writeTo(store);
        store.force();
        long usedWithPurgeRecord = store.usedBytes();
        store.delete(plan);

        List<String> after = durableLines("c-purge");
        assertThat(after.get(0)).contains("\"seq\":" + (plan.lastSeq() + 1) + ",");
        assertThat(after).hasSize(before.size() + 1 - (int) plan.lastSeq());
        assertThat(store.closedSegments()).isEqualTo(1);
        assertThat(store.usedBytes()).isEqualTo(usedWithPurgeRecord - plan.bytes()).isLessThan(used + 1024);
        VerificationAssert.assertThat(verifyStore()).isIntact();
    }

    @Test
    void usedBytes_countsWhatIsStored_andRemeasureAgrees() throws IOException {
        ChainStore store = open("c-used", SMALL_SEGMENT * 16);
        long empty = store.usedBytes();
        Batch batch = batch("c-used", store);
        batch.events(10).writeTo(store);
        store.force();

        long lineBytes = batch.lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1L).sum();
        assertThat(store.usedBytes() - empty).isGreaterThanOrEqualTo(lineBytes - 10);
        assertThat(store.remeasure()).isEqualTo(store.usedBytes());
    }

    /**
     * Reads lines from a byte array holding lines ending in {@code \n}.
     *
     * @param bytes the bytes
     * @return the lines without their {@code \n}
     */
    protected static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(text.substring(0, text.length() - (text.endsWith("\n") ? 1 : 0)).split("\n", -1));
    }

    /** @return the time the contract's records carry */
    protected static Instant t0() {
        return T0;
    }

    /** @return an arbitrary duration for age bounds that never trigger */
    protected static Duration longAge() {
        return Duration.ofDays(365);
    }
}
