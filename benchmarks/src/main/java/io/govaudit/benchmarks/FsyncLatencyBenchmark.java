package io.govaudit.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's floor for a durable append: write one record-sized line to the end of a file and
 * force it ({@code FileChannel.force(false)}, i.e. fdatasync, as the govaudit file store does per
 * batch). A SYNC {@code record} from a single thread cannot return faster than this; with N
 * threads group commit shares one force among up to N records. Measured on the same file system
 * as the other benchmarks ({@code java.io.tmpdir}).
 *
 * <p>{@code records}: how many record-sized lines one write appends before the force. With 64,
 * {@code 64 / time per operation} is the device's ceiling for 64 {@code SYNC} callers: each
 * caller has one record in flight, so one force carries at most 64 records, and no wake-up,
 * encoding or chaining is counted ({@code benchmarks/compare} prints it beside the 64-thread row).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class FsyncLatencyBenchmark {

    /** About the size of the CONFIG_CHANGE record the throughput benchmark writes. */
    static final int RECORD_BYTES = 560;

    @Param({"1"})
    public int records;

    private AppendFile file;
    private ByteBuffer record;

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = AppendFile.create("fsync");
        record = ByteBuffer.wrap(recordLines(records));
    }

    /** @return {@code count} lines of {@link #RECORD_BYTES} bytes each, LF included */
    static byte[] recordLines(int count) {
        byte[] lines = new byte[RECORD_BYTES * count];
        Arrays.fill(lines, (byte) 'x');
        for (int end = RECORD_BYTES; end <= lines.length; end += RECORD_BYTES) {
            lines[end - 1] = '\n';
        }
        return lines;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        file.close();
    }

    @Benchmark
    public void appendAndForce() throws IOException {
        file.appendAndForce(record);
    }
}
