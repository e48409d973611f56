package io.govaudit;

import static io.govaudit.TrailFiles.event;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.internal.store.SegmentNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owner-only permissions on POSIX (docs/format.md sections 6-7): directories 0700, files being written
 * 0600, closed segments 0400.
 */
class FilePermissionsTest {

    private static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_0600 = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FILE_0400 = PosixFilePermissions.fromString("r--------");

    @TempDir
    Path tmp;

    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
        return Files.getPosixFilePermissions(path);
    }

    @Test
    void open_newStore_createsOwnerOnlyDirectoriesLockKeyAndActiveSegment() throws IOException {
        Path store = tmp.resolve("var").resolve("audit");
        try (AuditTrail trail = TrailFiles.trail(store, "node-1").build()) {
            trail.record(event("x"));

            Path chainDir = store.resolve("node-1");
            assertThat(permissions(store)).isEqualTo(DIR_0700);
            assertThat(permissions(store.getParent())).isEqualTo(DIR_0700);
            assertThat(permissions(chainDir)).isEqualTo(DIR_0700);
            assertThat(permissions(chainDir.resolve(SegmentNames.LOCK_FILE))).isEqualTo(FILE_0600);
            assertThat(permissions(store.resolve(SegmentNames.SESSION_KEY_FILE))).isEqualTo(FILE_0600);
            assertThat(permissions(chainDir.resolve(SegmentNames.logName(1)))).isEqualTo(FILE_0600);
        }
    }

    @Test
    void roll_closedSegmentsAreReadOnlyAndTheActiveOneStaysWritable() throws IOException {
        Path store = tmp.resolve("store");
        try (AuditTrail trail = TrailFiles.trail(store, "c").durability(Durability.ASYNC)
                .maxRecordBytes(1024).segmentMaxBytes(4096).build()) {
            for (int i = 0; i < 30; i++) {
                trail.record(event("e" + i));
            }
        }

        List<Path> segments = TrailFiles.segments(store.resolve("c"));
        assertThat(segments).hasSizeGreaterThan(2);
        for (Path closed : segments.subList(0, segments.size() - 1)) {
            assertThat(permissions(closed)).as("%s", closed).isEqualTo(FILE_0400);
        }
        assertThat(permissions(segments.get(segments.size() - 1))).isEqualTo(FILE_0600);
    }

    @Test
    void recover_quarantineFileIsOwnerOnly() throws IOException {
        Path store = tmp.resolve("store");
        TrailFiles.trail(store, "c").build().close();
        Path segment = store.resolve("c").resolve(SegmentNames.logName(1));
        Files.write(segment, "torn".getBytes(UTF_8), StandardOpenOption.APPEND);

        TrailFiles.trail(store, "c").build().close();

        assertThat(permissions(segment.resolveSibling(SegmentNames.quarantineName(SegmentNames.logName(1), 1))))
                .isEqualTo(FILE_0600);
        assertThat(permissions(segment)).isEqualTo(FILE_0600);
    }

    @Test
    void groupReadable_recordsAreReadableByTheGroup_keysAreNot() throws IOException {
        Path store = tmp.resolve("shared");
        try (AuditTrail trail = TrailFiles.trail(store, "c").groupReadable(true).durability(Durability.ASYNC)
                .maxRecordBytes(1024).segmentMaxBytes(4096).compressClosedSegments(true).build()) {
            for (int i = 0; i < 30; i++) {
                trail.record(event("e" + i));
            }
        }

        Path chainDir = store.resolve("c");
        assertThat(permissions(store)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(permissions(chainDir)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        List<Path> segments = TrailFiles.segments(chainDir);
        assertThat(segments).hasSizeGreaterThan(2);
        for (Path closed : segments.subList(0, segments.size() - 1)) {
            assertThat(permissions(closed)).as("%s", closed).isEqualTo(PosixFilePermissions.fromString("r--r-----"));
        }
        assertThat(permissions(segments.get(segments.size() - 1))).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(permissions(store.resolve(SegmentNames.SESSION_KEY_FILE))).isEqualTo(FILE_0600);
        assertThat(permissions(chainDir.resolve(SegmentNames.LOCK_FILE))).isEqualTo(FILE_0600);
    }
}
