package io.govaudit.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
