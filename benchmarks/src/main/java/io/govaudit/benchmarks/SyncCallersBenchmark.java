package io.govaudit.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What 64 blocking callers cost on this machine before govaudit does anything, for the
 * {@code SYNC} 64-thread row of {@code benchmarks/compare}. A {@code SYNC} caller hands its
 * record to the thread that makes it durable and sleeps until that thread wakes it: at least one
 * park and one unpark per record, whatever the disk.
 *
 * <ul>
 *   <li>{@link #handOff}: only that. Each of 64 threads puts a future into a queue and waits for
 *       it; one thread drains the queue and completes every future it took. No I/O, no encoding,
 *       no chaining. Its rate is the ceiling of any blocking {@code record} with 64 callers here,
 *       even on a disk whose force costs nothing.</li>
 *   <li>{@link #minimalGroupCommit}: 64 threads through {@link SyncLatency.MinimalGroupCommit}, the
 *       simplest durable group commit (the first waiting caller writes and forces what the others
 *       appended, then wakes them). For reference: how a plain design does with the same callers
 *       and the same device.</li>
 * </ul>
 *
 * <p>Records per second: ops/s, each op one record of one caller.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class SyncCallersBenchmark {

    /** One completer thread draining a queue of futures, as long as the trial runs. */
    @State(Scope.Benchmark)
    public static class HandOff {
        final BlockingQueue<CompletableFuture<Long>> queue = new LinkedBlockingQueue<>();
        private volatile boolean stopped;
        private Thread completer;

        @Setup(Level.Trial)
        public void start() {
            completer = new Thread(this::complete, "hand-off-completer");
            completer.setDaemon(true);
            completer.start();
        }

        private void complete() {
            List<CompletableFuture<Long>> taken = new ArrayList<>();
            long completed = 0;
            while (!stopped) {
                try {
                    CompletableFuture<Long> first = queue.poll(10, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    taken.add(first);
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(taken);
                for (CompletableFuture<Long> future : taken) {
                    future.complete(++completed);
                }
                taken.clear();
            }
        }

        /** JMH tears down after every caller has returned: nothing waits on the queue any more. */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            stopped = true;
            completer.join();
        }
    }

    /** The minimal group commit on a file of its own. */
    @State(Scope.Benchmark)
    public static class GroupCommitFile {
        private AppendFile file;
        SyncLatency.MinimalGroupCommit commit;

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = AppendFile.create("sync-callers");
            commit = new SyncLatency.MinimalGroupCommit(file.channel());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            file.close();
        }
    }

    @Benchmark
    @Threads(64)
    public long handOff(HandOff fixture) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        fixture.queue.add(done);
        return done.join();
    }

    @Benchmark
    @Threads(64)
    public void minimalGroupCommit(GroupCommitFile fixture) throws IOException {
        fixture.commit.record();
    }
}
