package io.govaudit.verify;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditTrail;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the verifier is given: seed, public keys and anchors that are unusable are refused with a
 * message naming the file (never a bare runtime exception), and compressed keyed segments verify
 * like plain ones.
 */
class VerifierKeyInputsTest {

    @TempDir
    Path root;

    @Test
    void garbagePublicKeyFile_isRefusedAsIOExceptionNamingTheFile() throws IOException {
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair key = fx.keyPair("k");
        try (AuditTrail trail = fx.builder("c1", key).build()) {
            fx.record(trail, 3, 0);
        }
        Path junk = Files.writeString(root.resolve("junk.pub"), "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> AuditVerifier.forDirectory(fx.store).trustedKey(junk).verify())
                .isInstanceOf(IOException.class).hasMessageContaining("junk.pub");
        assertThatThrownBy(() -> AuditVerifier.forDirectory(fx.store).trustedKey(key.privatePem).verify())
                .as("a private key given as the public key").isInstanceOf(IOException.class).hasMessageContaining("k.key");
    }

    @Test
    void badSeedFile_isRefusedNamingTheFile() throws IOException {
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair key = fx.keyPair("k");
        try (AuditTrail trail = fx.builder("c1", key).build()) {
            fx.record(trail, 3, 0);
        }
        for (String content : new String[] {"", "abc", "zz".repeat(32), "00".repeat(31), "00".repeat(33)}) {
            Path seed = Files.writeString(root.resolve("bad-seed.hex"), content);
            assertThatThrownBy(() -> AuditVerifier.forDirectory(fx.store).hmacSeed(seed).verify())
                    .as("seed %s", content).isInstanceOf(IOException.class).hasMessageContaining("bad-seed.hex");
        }
    }

    @Test
    void wrongSeed_isMacMismatchOnEveryKeyedRecord() throws IOException {
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair key = fx.keyPair("k");
        try (AuditTrail trail = fx.builder("c1", key).build()) {
            fx.record(trail, 6, 3);
        }
        Path other = KeyedStore.create(root.resolve("other")).seedFile;
        VerificationReport report = AuditVerifier.forDirectory(fx.store).hmacSeed(other).trustedKey(key.publicPem).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(1);
        assertThat(report.problems()).filteredOn(p -> p.kind() == ProblemKind.MAC_MISMATCH)
                .hasSize((int) report.chains().get(0).records());
    }

    @Test
    void compressedKeyedSignedSegments_verifyIntact_andTheirClosingCheckpointIsChecked() throws IOException {
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair first = fx.keyPair("first");
        KeyedStore.KeyPair second = fx.keyPair("second");
        try (AuditTrail trail = fx.builder("c1", first).compressClosedSegments(true).build()) {
            fx.record(trail, 40, 10);
        }
        try (AuditTrail trail = fx.builder("c1", second).previousSigningKey(first.privatePem)
                .compressClosedSegments(true).build()) {
            fx.record(trail, 20, 10);
        }
        List<Path> segments = Segments.list(fx.chainDir("c1"));
        assertThat(segments).filteredOn(p -> p.toString().endsWith(".gz")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(fx.fullVerifier(first).verify()).isIntact().hasNoProblems();
        assertThat(AuditVerifier.forDirectory(fx.store).verify()).isIntact()
                .hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED, ProblemKind.SIGNATURES_NOT_CHECKED);
    }
}
