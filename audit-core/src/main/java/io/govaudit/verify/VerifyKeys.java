package io.govaudit.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What an {@link AuditVerifier} was given to check keys, signatures and anchors. Not thread-safe. */
final class VerifyKeys {
    Path seedFile;
    final List<Path> publicKeyFiles = new ArrayList<>();
    Path anchorDir;
    Duration maxCheckpointGap = Duration.ofMinutes(15);
}
