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
 * {@code --expect-head}, {@code --expect-from} ({@link Expectations}). One declaration and one set of
 * checks for {@code verify}, {@code bundle}, {@code export}, {@code report}, {@code watch} and
 * {@code destroy}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class VerifierOptions {

    @Option(names = "--hmac-seed", paramLabel = "FILE",
            description = "Check the epoch MACs of keyed chains with this HMAC seed (keygen's chain-seed.hex). "
                    + "Without it their hashes, links and signatures are still checked, their MACs are not "
                    + "(warning MACS_NOT_CHECKED).")
    Path hmacSeed;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Trust this Ed25519 public key (PEM) for checkpoint signatures; repeatable. The chain's "
                    + "first key is enough: later keys are taken from KEY_ROTATION records signed by the key before.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(names = "--anchors", paramLabel = "DIR",
            description = "Compare each chain with its anchors in DIR/<chain>.anchors (TRUNCATED, ANCHOR_MISMATCH).")
    Path anchors;

    @Option(names = "--max-checkpoint-gap", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "Warn (CHECKPOINT_GAP) when checkpoints are further apart, e.g. 15m, 1h, PT15M "
                    + "(default 15m, three heartbeats).")
    Duration maxCheckpointGap;

    @Option(names = "--expect-chain", paramLabel = "CHAIN",
            description = "This chain must be in the store (NO_RECORDS if it holds no record); repeatable. "
                    + "Catches a chain deleted whole, even without anchors.")
    List<String> expectChains = new ArrayList<>();

    @Option(names = "--expect-head", paramLabel = "CHAIN=SEQ",
            description = "This chain must reach at least seq SEQ, e.g. the last seq of a previous report or "
                    + "anchor (TRUNCATED if it ends before); repeatable.")
    List<String> expectHeads = new ArrayList<>();

    @Option(names = "--expect-from", paramLabel = "REPORT.json",
            description = "Expect every chain of a previous 'verify --json' report, each at least at its lastSeq.")
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
        return configure(verifier, anchors);
    }

    /**
     * Gives a verifier the seed, keys, checkpoint gap and expectations, and anchors from a
     * directory other than {@code --anchors} (such as the copy of a database's anchors).
     *
     * @param verifier  the verifier
     * @param anchorDir the anchor directory, or null for none
     * @return the verifier
     */
    AuditVerifier configure(AuditVerifier verifier, Path anchorDir) {
        if (hmacSeed != null) {
            verifier.hmacSeed(hmacSeed);
        }
        publicKeys.forEach(verifier::trustedKey);
        if (anchorDir != null) {
            verifier.anchors(anchorDir);
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
