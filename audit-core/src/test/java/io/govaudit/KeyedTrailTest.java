package io.govaudit;

import static io.govaudit.testing.KeyedStore.epOf;
import static io.govaudit.testing.KeyedStore.hashOf;
import static io.govaudit.testing.KeyedStore.seqOf;
import static io.govaudit.testing.KeyedStore.tsOf;
import static io.govaudit.testing.KeyedStore.typeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.format.DetailFields;
import io.govaudit.internal.format.Hex;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.Segments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer side of keys, signed checkpoints and anchors (docs/format.md sections 3-5), checked
 * independently of the verifier: each record's mac is recomputed with HMAC-SHA256 under the key
 * its {@code ep} names and its hash with SHA-256 (docs/format.md), each signature is checked
 * with BouncyCastle, each anchor against its record.
 */
class KeyedTrailTest {

    private static final String CHAIN = "c1";

    @TempDir
    Path root;

    private KeyedStore fixture;
    private KeyedStore.KeyPair first;
    private KeyedStore.KeyPair second;

    @BeforeEach
    void keys() {
        fixture = KeyedStore.create(root);
        first = fixture.keyPair("first");
        second = fixture.keyPair("second");
    }

    private static Map<String, String> detail(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return DetailFields.read(bytes, 0, bytes.length);
    }

    private static byte[] hmac(byte[] key, String prefix) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(prefix.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void standardChain_everyRecordHasAnHmacUnderItsEpochKeyAndAPublicHash_andEpochsAdvance() throws Exception {
        fixture.writeStandard(CHAIN, first, second);
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        assertThat(lines).hasSizeGreaterThan(60);
        String prev = "0".repeat(64);
        long lastEp = -1;
        for (String line : lines) {
            long ep = epOf(line);
            assertThat(ep).as("ep of %s", line).isGreaterThanOrEqualTo(0).isGreaterThanOrEqualTo(lastEp);
            assertThat(line).as("v 2, ep before prev, mac after it").startsWith("{\"v\":2,")
                    .contains(",\"ep\":" + ep + ",\"prev\":\"" + prev + "\",\"mac\":\"");
            String m = line.substring(0, line.lastIndexOf(",\"mac\":\""));
            String p = line.substring(0, line.lastIndexOf(",\"hash\":\""));
            assertThat(KeyedStore.macOf(line)).as("mac of seq %d", seqOf(line))
                    .isEqualTo(Hex.toHex(hmac(fixture.epochKey(ep), m)));
            assertThat(hashOf(line)).as("public hash of seq %d", seqOf(line))
                    .isEqualTo(Hex.toHex(KeyedStore.sha256(p.getBytes(StandardCharsets.UTF_8))));
            prev = hashOf(line);
            lastEp = ep;
        }
        long firstEp = epOf(lines.get(0));
        assertThat(lastEp - firstEp).as("epochs advanced by the ticker and at the second open").isGreaterThanOrEqualTo(5);
        assertThat(fixture.stealEpochKey(CHAIN).epoch()).as("epoch.key holds the last epoch").isEqualTo(lastEp);
        assertThat(Files.readString(fixture.chainDir(CHAIN).resolve("epoch.key")))
                .as("no earlier epoch key is left in epoch.key")
                .doesNotContain(Hex.toHex(fixture.epochKey(lastEp - 1)))
                .doesNotContain(Hex.toHex(fixture.seed));
        assertThat(firstEp).as("the first open advances past the seed's epoch 0").isEqualTo(1);
    }

    @Test
    void standardChain_checkpointsAreSignedOverTheRecordBefore_andCloseEverySegment() throws Exception {
        fixture.writeStandard(CHAIN, first, second);
        List<Path> segments = Segments.list(fixture.chainDir(CHAIN));
        assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
        for (int s = 0; s < segments.size(); s++) {
            List<String> lines = Segments.lines(segments.get(s));
            assertThat(typeOf(lines.get(lines.size() - 1))).as("last record of %s", segments.get(s).getFileName())
                    .isEqualTo("CHECKPOINT");
        }
        List<String> last = Segments.lines(segments.get(segments.size() - 1));
        assertThat(typeOf(last.get(last.size() - 2))).as("shutdown: TRAIL_STOP then CHECKPOINT").isEqualTo("TRAIL_STOP");

        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        StringBuilder summary = new StringBuilder("first=" + first.id + " second=" + second.id + "\n");
        lines.forEach(l -> summary.append(seqOf(l)).append(' ').append(typeOf(l)).append(' ')
                .append(detail(l).getOrDefault("key", detail(l).getOrDefault("new_key", ""))).append('\n'));
        String keyInForce = first.id;
        int checkpoints = 0;
        int rotations = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String before = lines.get(i - 1);
            Map<String, String> d = detail(line);
            if (typeOf(line).equals("KEY_ROTATION")) {
                rotations++;
                assertThat(d).containsEntry("old_key", first.id).containsEntry("new_key", second.id)
                        .containsEntry("public_key", Ed25519Keys.encodeRaw(second.privateKey.generatePublicKey()))
                        .containsEntry("at_seq", Long.toString(seqOf(before)));
                String message = "govaudit-key-rotation:v1:" + CHAIN + ":" + second.id + ":" + d.get("public_key") + ":"
                        + tsOf(line);
                assertThat(Ed25519Keys.verify(first.privateKey.generatePublicKey(),
                        message.getBytes(StandardCharsets.UTF_8), d.get("sig"))).as("rotation signed by the old key").isTrue();
                keyInForce = second.id;
            } else if (typeOf(line).equals("CHECKPOINT")) {
                checkpoints++;
                assertThat(d).as("checkpoint seq %d in%n%s", seqOf(line), summary).containsEntry("at_seq", Long.toString(seqOf(before)))
                        .containsEntry("at_hash", hashOf(before)).containsEntry("key", keyInForce);
                String message = "govaudit-checkpoint:v1:" + CHAIN + ":" + seqOf(before) + ":" + hashOf(before) + ":"
                        + tsOf(line);
                KeyedStore.KeyPair key = keyInForce.equals(first.id) ? first : second;
                assertThat(Ed25519Keys.verify(key.privateKey.generatePublicKey(), message.getBytes(StandardCharsets.UTF_8),
                        d.get("sig"))).as("signature of checkpoint seq %d", seqOf(line)).isTrue();
            }
        }
        assertThat(rotations).isEqualTo(1);
        assertThat(checkpoints).isGreaterThanOrEqualTo(12);
        assertThat(typeOf(lines.get(0))).isEqualTo("CHAIN_START");
    }

    @Test
    void anchors_oneLinePerCheckpoint_matchingItsRecord() throws Exception {
        fixture.writeStandard(CHAIN, first, second);
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        List<String> expected = new ArrayList<>();
        for (String line : lines) {
            if (typeOf(line).equals("CHECKPOINT")) {
                Map<String, String> d = detail(line);
                expected.add("{\"chain\":\"" + CHAIN + "\",\"seq\":" + seqOf(line) + ",\"at_seq\":" + d.get("at_seq")
                        + ",\"at_hash\":\"" + d.get("at_hash") + "\",\"ts\":\"" + tsOf(line) + "\",\"key\":\"" + d.get("key")
                        + "\",\"sig\":\"" + d.get("sig") + "\"}");
            }
        }
        Path anchors = fixture.anchors.resolve(CHAIN + ".anchors");
        assertThat(Files.readAllLines(anchors)).containsExactlyElementsOf(expected);
        assertThat(Files.getPosixFilePermissions(anchors)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void rotation_whenTheReopenMustRollFirst_noCheckpointOfTheNewKeyPrecedesTheRotation() throws Exception {
        // The segment is past its age when the trail reopens with a new key: the first append (the
        // KEY_ROTATION) rolls, and the roll closes the old segment with a checkpoint. That
        // checkpoint must not be signed by the new key before the rotation introduced it.
        try (AuditTrail trail = fixture.builder(CHAIN, first).segmentMaxAge(Duration.ofMinutes(10)).build()) {
            fixture.record(trail, 3, 0);
        }
        fixture.clock.advance(Duration.ofHours(1));
        try (AuditTrail trail = fixture.builder(CHAIN, second).previousSigningKey(first.privatePem)
                .segmentMaxAge(Duration.ofMinutes(10)).build()) {
            fixture.record(trail, 3, 0);
        }
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        String layout = fixture.describe(CHAIN);
        int rotation = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (typeOf(lines.get(i)).equals("KEY_ROTATION")) {
                rotation = i;
            }
        }
        assertThat(rotation).as("a KEY_ROTATION in%n%s", layout).isPositive();
        for (String line : lines.subList(0, rotation)) {
            if (typeOf(line).equals("CHECKPOINT")) {
                assertThat(detail(line).get("key")).as("key of checkpoint seq %d before the rotation (first=%s, second=%s) in%n%s",
                        seqOf(line), first.id, second.id, layout).isEqualTo(first.id);
            }
        }
        io.govaudit.testing.VerificationAssert.assertThat(fixture.fullVerifier(first).verify()).isIntact().hasNoProblems();
    }

    @Test
    void reopen_withAnotherKeyButNoPreviousKey_isRefused() {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 3, 0);
        }
        assertThatThrownBy(() -> fixture.builder(CHAIN, second).build().close())
                .isInstanceOf(AuditConfigurationException.class).hasMessageContaining(first.id);
    }

    @Test
    void keyedChain_reopenedWithoutSeed_staysKeyed() {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 3, 0);
        }
        try (AuditTrail trail = fixture.builder(CHAIN, first).hmacSeed(null).build()) {
            fixture.record(trail, 3, 0);
        }
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        assertThat(lines).allSatisfy(line -> assertThat(epOf(line)).as(line).isPositive());
    }

    @Test
    void clockSteppedBack_writesClockAnomaly_andKeepsTheClocksTime() {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 4, 0);
            fixture.clock.advance(Duration.ofMinutes(-10));
            fixture.record(trail, 4, 0);
        }
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        assertThat(lines).filteredOn(l -> typeOf(l).equals("CLOCK_ANOMALY")).hasSize(1);
    }
    /** Appends one complete line to the newest segment, as a crash or an intruder could leave it. */
    private Path appendToNewest(String line) throws Exception {
        List<Path> segments = Segments.list(fixture.chainDir(CHAIN));
        Path newest = segments.get(segments.size() - 1);
        List<String> lines = new ArrayList<>(Segments.lines(newest));
        lines.add(line);
        Segments.write(newest, lines);
        return newest;
    }

    private void assertTailCutOnReopen(Path segment, String cutLine) throws Exception {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 1, 0);
        }
        Path quarantine = segment.resolveSibling(
                io.govaudit.internal.store.SegmentNames.quarantineName(segment.getFileName().toString(), 1));
        assertThat(quarantine).hasContent(cutLine);
        assertThat(Segments.allLines(fixture.chainDir(CHAIN))).filteredOn(l -> typeOf(l).equals("RECOVERY")).hasSize(1);
        io.govaudit.testing.VerificationAssert.assertThat(fixture.fullVerifier(first).verify()).isIntact().hasNoProblems();
    }

    @Test
    void reopen_lastLineWithAValidPublicHashButAWrongMac_isCutAsATornTail() throws Exception {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 3, 0);
        }
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        String last = lines.get(lines.size() - 1);
        // a record of the writer's current epoch whose mac does not cover it: the public hash alone
        // does not make it the writer's record
        String forged = KeyedStore.reseal(last.replaceFirst("\"seq\":\\d+", "\"seq\":" + (seqOf(last) + 1)),
                hashOf(last), KeyedStore.keepMacs());
        assertThat(epOf(forged)).isEqualTo(fixture.stealEpochKey(CHAIN).epoch());

        assertTailCutOnReopen(appendToNewest(forged), forged + "\n");
    }

    @Test
    void reopen_lastLineWithAValidMacButAWrongHash_isCutAsATornTail() throws Exception {
        try (AuditTrail trail = fixture.builder(CHAIN, first).build()) {
            fixture.record(trail, 3, 0);
        }
        List<String> lines = Segments.allLines(fixture.chainDir(CHAIN));
        String last = lines.get(lines.size() - 1);
        KeyedStore.StolenEpoch epoch = fixture.stealEpochKey(CHAIN);
        String next = KeyedStore.reseal(last.replaceFirst("\"seq\":\\d+", "\"seq\":" + (seqOf(last) + 1)),
                hashOf(last), KeyedStore.hmac(epoch.key()));
        String badHash = next.substring(0, next.length() - 3) + (next.charAt(next.length() - 3) == '0' ? '1' : '0')
                + "\"}";

        assertTailCutOnReopen(appendToNewest(badHash), badHash + "\n");
    }
}
