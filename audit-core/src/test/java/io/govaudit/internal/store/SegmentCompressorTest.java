package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCompressorTest {

    @TempDir
    Path dir;

    @Test
    void submit_afterShutdown_leavesTheSegmentPlainInsteadOfThrowingOnTheWriterThread() throws IOException {
        Path segment = Files.writeString(dir.resolve(SegmentNames.logName(1)), "{}\n");
        try (SegmentCompressor compressor = new SegmentCompressor(Thread::new)) {
            assertThat(compressor.shutdown(Duration.ofSeconds(5))).isTrue();

            // the closing records of a trail can roll after compression was shut down
            assertThatCode(() -> compressor.submit(segment)).doesNotThrowAnyException();

            assertThat(compressor.drain()).isEmpty();
            assertThat(segment).exists();
        }
    }
}
