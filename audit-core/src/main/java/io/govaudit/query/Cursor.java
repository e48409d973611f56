package io.govaudit.query;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Where a page ended: the last record handed back, by chain and seq (with its time, so that the
 * next page starts without searching for it). A cursor travels as its {@link #token()}, e.g. in
 * a URL; {@link #parse} reads it back and refuses anything else.
 *
 * @param chain the chain of the last record handed back
 * @param seq   its seq
 * @param ts    its time
 * @since 0.1.0
 */
public record Cursor(String chain, long seq, Instant ts) {

    private static final Pattern CHAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TOKEN = 128;

    /**
     * Creates a cursor.
     *
     * @throws InvalidQueryException naming {@code cursor} when a member is missing or invalid
     */
    public Cursor {
        if (chain == null || !CHAIN.matcher(chain).matches()) {
            throw new InvalidQueryException("cursor", "the chain is not a chain id");
        }
        if (seq < 1) {
            throw new InvalidQueryException("cursor", "the seq must be at least 1, was " + seq);
        }
        if (ts == null) {
            throw new InvalidQueryException("cursor", "the time is missing");
        }
    }

    /**
     * Returns the cursor as text: {@code <chain>~<seq>~<epoch microseconds>}, URL-safe.
     *
     * @return the token
     */
    public String token() {
        long micros = Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000L);
        return chain + "~" + seq + "~" + micros;
    }

    /**
     * Reads a cursor from its {@link #token()}.
     *
     * @param token the token
     * @return the cursor
     * @throws InvalidQueryException naming {@code cursor} when the token is not one
     */
    public static Cursor parse(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw new InvalidQueryException("cursor", "is missing or longer than " + MAX_TOKEN + " characters");
        }
        String[] parts = token.split("~", -1);
        if (parts.length != 3 || !parts[1].matches("[0-9]{1,19}") || !parts[2].matches("-?[0-9]{1,19}")) {
            throw new InvalidQueryException("cursor", "is not <chain>~<seq>~<microseconds>");
        }
        try {
            long micros = Long.parseLong(parts[2]);
            Instant ts = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new Cursor(parts[0], Long.parseLong(parts[1]), ts);
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("cursor", "has a number out of range");
        }
    }

    @Override
    public String toString() {
        return token();
    }
}
