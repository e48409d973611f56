package io.govaudit.verify;

import io.govaudit.internal.keys.EpochKeys;
import io.govaudit.internal.keys.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** What an {@link AuditVerifier} was given to check keys, signatures and anchors. Not thread-safe. */
final class VerifyKeys {
    Path seedFile;
    final List<Path> publicKeyFiles = new ArrayList<>();
    Path anchorDir;
    Duration maxCheckpointGap = Duration.ofMinutes(15);

    /** The files read once per verification. */
    record Loaded(byte[] seed, Map<String, Ed25519PublicKeyParameters> trusted, Path anchorDir,
            Duration maxCheckpointGap) {
    }

    Loaded load() throws IOException {
        byte[] seed = seedFile == null ? null : EpochKeys.readSeed(seedFile);
        Map<String, Ed25519PublicKeyParameters> trusted = new HashMap<>();
        for (Path file : publicKeyFiles) {
            Ed25519PublicKeyParameters key = Ed25519Keys.readPublic(file);
            trusted.put(Ed25519Keys.keyId(key), key);
        }
        return new Loaded(seed, Map.copyOf(trusted), anchorDir, maxCheckpointGap);
    }
}
