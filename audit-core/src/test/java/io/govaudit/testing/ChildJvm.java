package io.govaudit.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Starts a class's {@code main} in a new, small JVM with the test class path (crash and lock tests). */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args}; its stderr is appended to {@code errorLog}, its
     * stdout is read by the caller.
     *
     * @param main     the class whose {@code main} runs
     * @param errorLog where the child's stderr goes
     * @param args     the arguments
     * @return the process
     * @throws IOException if it cannot be started
     */
    public static Process start(Class<?> main, Path errorLog, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()))
                .start();
    }

    /**
     * Reads a recording child's acknowledgements, lines {@code ACK <seq> <eid>}, into
     * {@code acknowledged} and kills the child with SIGKILL after {@code killAfter} of them; then
     * waits for it to end. A seq acknowledged twice fails the test.
     *
     * @param child        the child
     * @param errorLog     its stderr, printed if it ended before the kill
     * @param killAfter    how many acknowledgements to read before the kill
     * @param acknowledged seq to event id
     * @return how many acknowledgements were read
     * @throws IOException          if the output cannot be read
     * @throws InterruptedException if interrupted while waiting for the child to end
     */
    public static int readAcksAndKill(Process child, Path errorLog, int killAfter, Map<Long, String> acknowledged)
            throws IOException, InterruptedException {
        return readAndKill(child, errorLog, "ACK", killAfter, parts -> {
            String previous = acknowledged.put(Long.parseLong(parts[1]), parts[2]);
            assertThat(previous).as("seq %s acknowledged twice", parts[1]).isNull();
        });
    }

    /**
     * Reads a child's stdout, hands each line starting with {@code tag} (split at spaces) to
     * {@code line}, and kills the child with SIGKILL after {@code killAfter} such lines; then waits
     * for it to end. A line {@code LOCKED ...} (the child could not take its chain) fails the test;
     * other lines are ignored. The kill goes through the process handle: {@code
     * Process.destroyForcibly()} would also close this end of the pipe and lose lines the child
     * printed before it died.
     *
     * @param child     the child
     * @param errorLog  its stderr, printed if it ended before the kill
     * @param tag       the first word of the lines that count
     * @param killAfter how many of them to read before the kill
     * @param line      takes each of them, split at spaces (the tag first)
     * @return how many of them were read
     * @throws IOException          if the output cannot be read
     * @throws InterruptedException if interrupted while waiting for the child to end
     */
    public static int readAndKill(Process child, Path errorLog, String tag, int killAfter, Consumer<String[]> line)
            throws IOException, InterruptedException {
        int count = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String text;
            while ((text = out.readLine()) != null) {
                assertThat(text).as("child output").doesNotStartWith("LOCKED");
                if (!text.startsWith(tag + " ")) {
                    continue;
                }
                line.accept(text.split(" "));
                if (++count == killAfter) {
                    child.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (count < killAfter) {
            System.out.println(Files.readString(errorLog));
        }
        return count;
    }

    /**
     * In the child: records from {@code threads} threads until the JVM is killed, printing
     * {@code ACK <seq> <eid>} for each acknowledged record, the lines {@link #readAcksAndKill}
     * reads. Event ids are {@code r<run>-t<thread>-<n>}.
     *
     * @param trail   an open SYNC trail
     * @param threads how many recording threads
     * @param run     the run's tag, so ids are unique across runs
     * @param event   the event for an id
     * @param out     the child's stdout
     * @throws InterruptedException if interrupted while waiting for the threads (they never end)
     */
    public static void recordUntilKilled(AuditTrail trail, int threads, String run, Function<String, AuditEvent> event,
            PrintStream out) throws InterruptedException {
        untilKilled(threads, t -> {
            String prefix = "r" + run + "-t" + t + "-";
            for (long i = 0; ; i++) {
                String eid = prefix + i;
                long seq = trail.record(event.apply(eid)).seq().orElseThrow(); // SYNC: durable
                synchronized (out) {
                    out.println("ACK " + seq + " " + eid);
                    out.flush();
                }
            }
        });
    }

    /**
     * In the child: runs {@code body} on {@code threads} threads, passing each its number, and
     * waits for them, that is until the JVM is killed.
     *
     * @param threads how many threads
     * @param body    what each runs, forever
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static void untilKilled(int threads, IntConsumer body) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> body.accept(thread));
            worker.start();
            running.add(worker);
        }
        for (Thread worker : running) {
            worker.join();
        }
    }
}
