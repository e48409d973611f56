package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.KeyedStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every thread a trail starts comes from the injected ThreadFactory (issue 12), named for its job. */
class ThreadFactoryTest {

    @TempDir
    Path root;

    @Test
    void threadFactory_makesTheWriterAnchorAndCompressorThreads() {
        KeyedStore keys = KeyedStore.create(root);
        KeyedStore.KeyPair key = keys.keyPair("k");
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
        try (AuditTrail trail = keys.builder("c", key).threadFactory(factory).compressClosedSegments(true).build()) {
            for (int i = 0; i < 200; i++) { // small segments: rolls, so the compressor gets work
                trail.record(TrailFixture.event(i));
            }
        }

        assertThat(made).extracting(Thread::getName).containsExactlyInAnyOrder("govaudit-writer-c",
                "govaudit-anchor-c", "govaudit-compress-c");
        Set<Thread> live = Thread.getAllStackTraces().keySet();
        assertThat(live).filteredOn(t -> t.getName().startsWith("govaudit-") && t.getName().endsWith("-c"))
                .as("every govaudit thread of this chain came from the factory").allMatch(made::contains);
    }
}
