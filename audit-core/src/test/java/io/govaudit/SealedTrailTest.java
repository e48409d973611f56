package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.spi.AnchorSink;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A keyed, signed, anchored chain across a key rotation, end to end through the verifier. */
class SealedTrailTest {
    @TempDir
    Path dir;

    @Test
    void sealedChain_epochsRotationAnchors_intactWithKeysWarnedWithoutAndTruncationFound() throws Exception {
        Path store = dir.resolve("s");
        Path seed = dir.resolve("seed.hex");
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.writeString(seed, io.govaudit.internal.format.Hex.toHex(raw));
        Ed25519PrivateKeyParameters a = Ed25519Keys.generate(new SecureRandom());
        Ed25519PrivateKeyParameters b = Ed25519Keys.generate(new SecureRandom());
        Path aKey = dir.resolve("a.pem");
        Path bKey = dir.resolve("b.pem");
        Path aPub = dir.resolve("a.pub");
        Files.writeString(aKey, Ed25519Keys.privatePem(a));
        Files.writeString(bKey, Ed25519Keys.privatePem(b));
        Files.writeString(aPub, Ed25519Keys.publicPem(a.generatePublicKey()));
        Path anchors = dir.resolve("anchors");
        AtomicLong ticker = new AtomicLong();
        try (AuditTrail t = AuditTrail.builder().directory(store).chainId("c").system("s").host("h")
                .segmentMaxBytes(16384).hmacSeed(seed).signingKey(aKey).checkpointEvery(7).ticker(ticker::get)
                .anchorSink(AnchorSink.directory(anchors)).build()) {
            for (int i = 0; i < 100; i++) {
                t.record(TrailFixture.event(i));
                ticker.addAndGet(java.time.Duration.ofMinutes(7).toNanos());
            }
        }
        try (AuditTrail t = AuditTrail.builder().directory(store).chainId("c").system("s").host("h")
                .segmentMaxBytes(16384).signingKey(bKey).previousSigningKey(aKey)
                .anchorSink(AnchorSink.directory(anchors)).build()) {
            for (int i = 0; i < 30; i++) {
                t.record(TrailFixture.event(i));
            }
        }
        VerificationReport full = AuditVerifier.forDirectory(store).hmacSeed(seed).trustedKey(aPub).anchors(anchors)
                .verify();
        assertThat(full.intact()).isTrue();
        assertThat(full.problems()).isEmpty();
        VerificationReport bare = AuditVerifier.forDirectory(store).verify();
        assertThat(bare.intact()).isTrue();
        assertThat(bare.problems()).extracting(p -> p.kind()).containsExactly(ProblemKind.MACS_NOT_CHECKED,
                ProblemKind.SIGNATURES_NOT_CHECKED);
        assertThat(full.chains().get(0).records()).isGreaterThan(130);
        // cut the tail at a record boundary: only the anchors can tell
        Path active;
        try (var files = Files.list(store.resolve("c"))) {
            active = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((x, y) -> y).orElseThrow();
        }
        var lines = Files.readAllLines(active);
        if (lines.size() > 3) {
            Files.write(active, lines.subList(0, lines.size() - 3));
        } else {
            Files.delete(active); // the run's checkpoints can leave few lines after the last roll
        }
        VerificationReport cut = AuditVerifier.forDirectory(store).hmacSeed(seed).trustedKey(aPub).anchors(anchors)
                .verify();
        // found twice: by the anchors and by the writer's head mark
        assertThat(cut.problems()).extracting(p -> p.kind()).containsOnly(ProblemKind.TRUNCATED);
        assertThat(cut.problems()).anyMatch(p -> p.message().contains("anchor"))
                .anyMatch(p -> p.message().contains("head mark"));
    }

    @Test
    void signedChain_reopenedWithoutSigningKey_isRefusedNamingTheKey() throws Exception {
        Path store = dir.resolve("s");
        Ed25519PrivateKeyParameters a = Ed25519Keys.generate(new SecureRandom());
        Path aKey = dir.resolve("a.pem");
        Files.writeString(aKey, Ed25519Keys.privatePem(a));
        AuditTrail.builder().directory(store).chainId("c").system("s").host("h").signingKey(aKey).build().close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditTrail.builder().directory(store).chainId("c")
                        .system("s").host("h").build())
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("chain 'c' is signed")
                .hasMessageContaining(Ed25519Keys.keyId(a.generatePublicKey()));
        // the refused open released the chain: the right configuration opens it
        AuditTrail.builder().directory(store).chainId("c").system("s").host("h").signingKey(aKey).build().close();
    }
}
