package io.govaudit.cli;

import io.govaudit.verify.AuditVerifier;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws verification progress as one line on a terminal, rewritten in place with {@code \r}.
 * Used only when stderr is a terminal. Not thread-safe; it runs on the verifying thread.
 */
final class ProgressLine implements AuditVerifier.ProgressListener {

    private static final double MIB = 1024.0 * 1024.0;

    private final PrintWriter err;
    private final String verb;
    private int width;

    ProgressLine(PrintWriter err) {
        this(err, "verifying");
    }

    /**
     * @param err  the terminal
     * @param verb what is being done, the line's first word ("verifying", "bundling")
     */
    ProgressLine(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    /**
     * @param err  stderr
     * @param verb the line's first word
     * @param json whether stdout holds JSON (progress would be noise for a script)
     * @return a progress line when stderr is a terminal and the output is not JSON, else a listener
     *         that draws nothing
     */
    static AuditVerifier.ProgressListener forTerminal(PrintWriter err, String verb, boolean json) {
        return json || System.console() == null ? AuditVerifier.ProgressListener.NONE : new ProgressLine(err, verb);
    }

    /** Erases the line of a listener from {@link #forTerminal}, if it drew one. */
    static void clear(AuditVerifier.ProgressListener listener) {
        if (listener instanceof ProgressLine line) {
            line.clear();
        }
    }

    /**
     * Draws a count of records on the line of a listener from {@link #forTerminal}, if it draws.
     *
     * @param listener the listener
     * @param chain    the chain of the last record
     * @param done     records done
     * @param total    at most this many records will be done
     */
    static void records(AuditVerifier.ProgressListener listener, String chain, long done, long total) {
        if (listener instanceof ProgressLine line) {
            line.draw(String.format(Locale.ROOT, "%s %s  %d of at most %d records", line.verb, chain, done, total));
        }
    }

    @Override
    public void progress(String chain, String segment, long done, long total) {
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        String line = String.format(Locale.ROOT, "%s %s %s  %3d%%  %.1f of %.1f MiB", verb, chain,
                segment, percent, Math.min(done, total) / MIB, total / MIB);
        draw(line);
    }

    /** Erases the line so the report starts on a clean line. */
    void clear() {
        if (width > 0) {
            draw("");
            err.print('\r');
            err.flush();
        }
    }

    private void draw(String line) {
        StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < width; i++) {
            text.append(' ');
        }
        width = Math.max(width, line.length());
        err.print(text);
        err.flush();
    }
}
