package io.govaudit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fresh directories for one benchmark trial, created under {@code java.io.tmpdir} (pass
 * {@code -jvmArgsAppend -Djava.io.tmpdir=/some/disk} to measure another device). Not
 * thread-safe; benchmark fixtures call it from setup and teardown only.
 */
final class TempDirectories {

    private TempDirectories() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory("govaudit-bench-" + prefix + "-");
    }

    /** Deletes {@code dir} and everything below it; a null or missing directory is ignored. */
    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path path : paths) {
            // Closed segments are made read-only; on POSIX that does not stop deletion, since
            // deleting depends on the directory's permissions.
            Files.deleteIfExists(path);
        }
    }

    /** Sums the sizes of the regular files below {@code dir}. */
    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(path)) {
                    total += Files.size(path);
                }
            }
            return total;
        }
    }
}
