package io.govaudit.cli;

import io.govaudit.AuditTrail;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.spi.AnchorSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The key, checkpoint and anchor options of {@code generate} (docs/format.md sections 3-5): each maps
 * onto one call of the core builder, so a drill runs the trail exactly as an application
 * configured that way would. The files are made by {@code audit-cli keygen}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class SealingOptions {

    @Option(names = "--hmac-seed", paramLabel = "FILE",
            description = "Keyed chain: the HMAC seed (64 hex, keygen's chain-seed.hex). Needed at the first start "
                    + "only; later runs use the chain's epoch.key.")
    Path hmacSeed;

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Sign checkpoints with this Ed25519 private key (PKCS#8 PEM, keygen's checkpoint-private.pem).")
    Path signKey;

    @Option(names = "--previous-sign-key", paramLabel = "FILE",
            description = "Rotation: the private key that signed the chain so far; the trail writes a KEY_ROTATION "
                    + "record signed by it (needs --sign-key).")
    Path previousSignKey;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "A signed checkpoint after every N records, at least 1 (default 10000; needs --sign-key).")
    Integer checkpointEvery;

    @Option(names = "--anchors", paramLabel = "DIR",
            description = "Publish each checkpoint to DIR/<chain>.anchors; put DIR on another disk or host "
                    + "(needs --sign-key).")
    Path anchors;

    /**
     * Adds a message naming the option and value for every invalid or conflicting setting.
     *
     * @param problems where to add the messages
     */
    void validate(List<String> problems) {
        readable("--hmac-seed", hmacSeed, problems);
        readable("--sign-key", signKey, problems);
        readable("--previous-sign-key", previousSignKey, problems);
        if (signKey == null) {
            needsSignKey("--previous-sign-key", previousSignKey, problems);
            needsSignKey("--checkpoint-every", checkpointEvery, problems);
            needsSignKey("--anchors", anchors, problems);
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            problems.add(String.format(Locale.ROOT, "--checkpoint-every must be at least 1, was %d", checkpointEvery));
        }
        if (anchors != null && Files.exists(anchors) && !Files.isDirectory(anchors)) {
            problems.add("--anchors " + anchors + " is not a directory");
        }
    }

    private static void readable(String option, Path file, List<String> problems) {
        if (file != null && !Files.isRegularFile(file)) {
            problems.add(option + " " + file + " is not a file" + (Files.exists(file) ? "" : " (it does not exist)"));
        }
    }

    private static void needsSignKey(String option, Object value, List<String> problems) {
        if (value != null) {
            problems.add(option + " " + value + " needs --sign-key: " + (option.equals("--previous-sign-key")
                    ? "it names the key to rotate from, --sign-key the key to rotate to"
                    : "checkpoints and anchors are signed"));
        }
    }

    /**
     * Applies the options to the builder; call {@link #validate} first.
     *
     * @param builder the trail builder
     */
    void apply(AuditTrail.Builder builder) {
        if (hmacSeed != null) {
            builder.hmacSeed(hmacSeed);
        }
        if (signKey != null) {
            builder.signingKey(signKey);
        }
        if (previousSignKey != null) {
            builder.previousSigningKey(previousSignKey);
        }
        if (checkpointEvery != null) {
            builder.checkpointEvery(checkpointEvery);
        }
        if (anchors != null) {
            builder.anchorSink(AnchorSink.directory(anchors));
        }
    }

    /** @return true if any of these options was given */
    boolean set() {
        return hmacSeed != null || signKey != null || anchors != null;
    }

    /**
     * Describes the configuration for the summary; never prints key material.
     *
     * @param chainDir the chain's directory (where {@code epoch.key} lives)
     * @return e.g. {@code keyed (epoch.key), signed by key 3f2a…, anchors /mnt/anchors}
     */
    String describe(Path chainDir) {
        StringBuilder s = new StringBuilder();
        boolean keyed = hmacSeed != null || Files.exists(chainDir.resolve("epoch.key"));
        s.append(keyed ? "keyed (epoch key in " + chainDir.resolve("epoch.key") + ")" : "not keyed");
        s.append(signKey == null ? ", checkpoints not signed" : ", signed by key " + keyId(signKey));
        if (previousSignKey != null) {
            s.append(" (previous key ").append(keyId(previousSignKey)).append(')');
        }
        if (anchors != null) {
            s.append(", anchors in ").append(anchors);
        }
        return s.toString();
    }

    private static String keyId(Path privateKey) {
        try {
            return Ed25519Keys.keyId(Ed25519Keys.readPrivate(privateKey).generatePublicKey());
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
