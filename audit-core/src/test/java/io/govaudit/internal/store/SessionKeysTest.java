package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeysTest {

    @TempDir
    Path store;

    @Test
    void loadOrCreate_newStore_createsOwnerOnly64HexKeyAndReturnsItAgain() throws Exception {
        byte[] key = SessionKeys.loadOrCreate(store);

        Path file = store.resolve(SegmentNames.SESSION_KEY_FILE);
        assertThat(key).hasSize(32);
        assertThat(Files.readString(file)).isEqualTo(HexFormat.of().formatHex(key));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(SessionKeys.loadOrCreate(store)).isEqualTo(key);
        try (var files = Files.list(store)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void loadOrCreate_concurrentOpenersOfANewStore_allGetTheSameKey() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                Path dir = Files.createDirectory(store.resolve("s" + round));
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<byte[]>> keys = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    keys.add(pool.submit(() -> {
                        start.await();
                        return SessionKeys.loadOrCreate(dir);
                    }));
                }
                Set<String> distinct = new HashSet<>();
                for (Future<byte[]> key : keys) {
                    distinct.add(HexFormat.of().formatHex(key.get()));
                }
                assertThat(distinct).as("round %d", round).hasSize(1);
                assertThat(Files.readString(dir.resolve(SegmentNames.SESSION_KEY_FILE))).isIn(distinct);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadOrCreate_existingKey_removesTemporariesACrashLeft() throws Exception {
        byte[] key = SessionKeys.loadOrCreate(store);
        Path abandoned = Files.writeString(store.resolve("session.key.1a2b.tmp"), "half");

        assertThat(SessionKeys.loadOrCreate(store)).isEqualTo(key);
        assertThat(abandoned).doesNotExist();
    }
}
