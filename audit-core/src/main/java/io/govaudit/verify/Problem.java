package io.govaudit.verify;

/**
 * One problem found by the verifier.
 *
 * @param kind    what is wrong
 * @param chain   the chain id
 * @param seq     the seq concerned (the first one for ranges), or 0 when no seq applies
 * @param file    the segment file name, or null
 * @param line    the 1-based line in that file, or 0
 * @param message a human-readable explanation with the values involved
 * @since 0.1.0
 */
public record Problem(ProblemKind kind, String chain, long seq, String file, long line, String message) {

    /**
     * Returns {@code file:line}, or the file alone, or an empty string.
     *
     * @return the location of the problem
     */
    public String location() {
        if (file == null) {
            return "";
        }
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        return kind + " chain=" + chain + (seq > 0 ? " seq=" + seq : "")
                + (file != null ? " at " + location() : "") + ": " + message;
    }
}
