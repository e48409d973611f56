package io.govaudit.cli;

import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.verify.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options a command that verifies a store before it reads it takes, with the meaning they
 * have for {@code verify}: {@code --hmac-seed}, {@code --public-key} (repeatable),
 * {@code --anchors DIR}, {@code --max-checkpoint-gap} and the expectations {@code --expect-chain},
 * {@code --expect-head}, {@code --expect-from} ({@link Expectations}). Used by {@code export}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class VerifierOptions {

    @Option(names = "--hmac-seed", paramLabel = "FILE", description = "As verify: check the epoch MACs of keyed chains.")
    Path hmacSeed;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "As verify: trust this Ed25519 public key for checkpoint signatures; repeatable.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(names = "--anchors", paramLabel = "DIR", description = "As verify: compare each chain with its anchors.")
    Path anchors;

    @Option(names = "--max-checkpoint-gap", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "As verify (default 15m).")
    Duration maxCheckpointGap;

    @Option(names = "--expect-chain", paramLabel = "CHAIN", description = "As verify; repeatable.")
    List<String> expectChains = new ArrayList<>();

    @Option(names = "--expect-head", paramLabel = "CHAIN=SEQ", description = "As verify; repeatable.")
    List<String> expectHeads = new ArrayList<>();

    @Option(names = "--expect-from", paramLabel = "REPORT.json", description = "As verify.")
    Path expectFrom;

    /**
     * Checks the files and values before the store is read, so that a mistyped path is a usage
     * error (exit 2) rather than a report of missing checks.
     *
     * @return what will be checked with what, one line each, for a human report
     */
    List<String> check() {
        List<String> checks = new ArrayList<>();
        if (hmacSeed != null) {
            requireFile("--hmac-seed", hmacSeed);
            checks.add("epoch MACs of keyed chains with seed " + hmacSeed);
        }
        for (Path key : publicKeys) {
            requireFile("--public-key", key);
            checks.add("signatures with trusted key " + Ed25519Keys.keyId(VerifyCommand.readPublicKey(key)) + " ("
                    + key + ")");
        }
        if (anchors != null) {
            if (!Files.isDirectory(anchors)) {
                throw new CliFailure("--anchors " + anchors + " is not a directory; give the directory the trail's "
                        + "anchor sink writes <chain>.anchors into");
            }
            checks.add("anchors in " + anchors);
        }
        if (maxCheckpointGap != null && (maxCheckpointGap.isNegative() || maxCheckpointGap.isZero())) {
            throw new CliFailure("--max-checkpoint-gap must be positive, was " + maxCheckpointGap);
        }
        return checks;
    }

    /**
     * Gives a verifier the seed, keys, anchors, checkpoint gap and expectations.
     *
     * @param verifier the verifier
     * @return the verifier
     */
    AuditVerifier configure(AuditVerifier verifier) {
        if (hmacSeed != null) {
            verifier.hmacSeed(hmacSeed);
        }
        publicKeys.forEach(verifier::trustedKey);
        if (anchors != null) {
            verifier.anchors(anchors);
        }
        if (maxCheckpointGap != null) {
            verifier.maxCheckpointGap(maxCheckpointGap);
        }
        Expectations.apply(verifier, expectChains, expectHeads, expectFrom);
        return verifier;
    }

    private static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(option + " " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
    }
}
