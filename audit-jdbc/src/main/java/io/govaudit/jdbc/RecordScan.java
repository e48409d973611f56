package io.govaudit.jdbc;

/**
 * Finds the byte ranges of a record line's indexed members ({@code seq}, {@code ts}, {@code type},
 * {@code outcome}, {@code actor.id}, {@code subject.id}, {@code where.ip}, {@code where.host},
 * {@code hash}) without decoding it, for the verifier's column check on PostgreSQL's COPY path.
 *
 * <p>Why not Jackson: the check runs for every row, and building Strings for nine members of
 * every record cost more than reading the rows. The scan answers only "certainly the same as
 * {@code RecordColumns.read}" or "not sure": it accepts only a line the writer could have
 * written (no white space, no escape in a member name, integers without sign, nesting at most
 * {@value #MAX_DEPTH} deep, every token valid JSON), on which Jackson reads exactly the members it
 * finds (the last of duplicates, as Jackson's loop does). On anything else {@link #scan} returns
 * false and the caller takes the slow path, which is the row path's own check, so reports stay
 * identical.
 *
 * <p>Not thread-safe: one per stream, reused for every row.
 */
final class RecordScan {

    static final int SEQ = 0;
    static final int TS = 1;
    static final int TYPE = 2;
    static final int OUTCOME = 3;
    static final int ACTOR_ID = 4;
    static final int SUBJECT_ID = 5;
    static final int CLIENT_IP = 6;
    static final int HOST = 7;
    static final int HASH = 8;
    /** How many members the scan finds. */
    static final int MEMBERS = 9;

    /** Longer lines go the slow path: Jackson's limits (string length, number length) stay far away. */
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER = 100;

    private static final byte[][] TOP = names("seq", "ts", "type", "outcome", "actor", "subject", "where", "hash");
    private static final byte[][] ID = names("id");
    private static final byte[][] IP_HOST = names("ip", "host");

    private final int[] start = new int[MEMBERS];
    private final int[] end = new int[MEMBERS];
    private final boolean[] escaped = new boolean[MEMBERS];
    private byte[] b;
    private int limit;
    private int p;
    /** Whether the last string {@link #string} read held an escape. */
    private boolean lastEscaped;

    /** Thrown (without a stack) when the scan is not sure. */
    private static final class Unsure extends Exception {
        private static final long serialVersionUID = 1L;
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    /**
     * Scans a line.
     *
     * @param line   the buffer
     * @param offset where the line starts
     * @param length its length, without a line end
     * @return true if the line is a record the scan fully understood (then {@link #start},
     *         {@link #end} and {@link #escaped} hold its members); false if not sure
     */
    boolean scan(byte[] line, int offset, int length) {
        if (length > MAX_LINE) {
            return false;
        }
        java.util.Arrays.fill(start, -1);
        java.util.Arrays.fill(end, -1);
        b = line;
        p = offset;
        limit = offset + length;
        try {
            topObject();
        } catch (Unsure e) {
            return false;
        }
        return p == limit && start[SEQ] >= 0 && start[TS] >= 0 && start[TYPE] >= 0 && start[OUTCOME] >= 0
                && start[HASH] >= 0;
    }

    /** @return where member {@code m} starts (a string's first content byte), or -1 if absent */
    int start(int m) {
        return start[m];
    }

    /** @return where member {@code m} ends (exclusive) */
    int end(int m) {
        return end[m];
    }

    /** @return the value of {@code seq} (after a successful {@link #scan}) */
    long seq() {
        long v = 0;
        for (int i = start[SEQ]; i < end[SEQ]; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** @return whether member {@code m}, a string, holds an escape (its bytes are not its value) */
    boolean escaped(int m) {
        return escaped[m];
    }

    private void topObject() throws Unsure {
        expect('{');
        if (peek() == '}') {
            throw Unsure.INSTANCE;
        }
        while (true) {
            int name = name(TOP);
            expect(':');
            switch (name) {
                case 0 -> seqMember();
                case 1 -> stringMember(TS);
                case 2 -> stringMember(TYPE);
                case 3 -> stringMember(OUTCOME);
                case 4 -> nested(ACTOR_ID, -1);
                case 5 -> nested(SUBJECT_ID, -1);
                case 6 -> nested(CLIENT_IP, HOST);
                case 7 -> stringMember(HASH);
                default -> value(1);
            }
            if (!separator('}')) {
                return;
            }
        }
    }

    /** {@code seq}: an integer without sign or leading zero, at most 18 digits. */
    private void seqMember() throws Unsure {
        int from = p;
        while (p < limit && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        if (p == from || p - from > 18 || b[from] == '0') {
            throw Unsure.INSTANCE;
        }
        start[SEQ] = from;
        end[SEQ] = p;
    }

    private void stringMember(int m) throws Unsure {
        if (peek() != '"') {
            throw Unsure.INSTANCE;
        }
        start[m] = p + 1;
        string();
        end[m] = p - 1;
        escaped[m] = lastEscaped;
    }

    /**
     * {@code actor} and {@code subject} ({@code id} into {@code first}), or {@code where} ({@code ip}
     * into {@code first}, {@code host} into {@code second}). Each occurrence starts afresh, as the
     * Jackson reader does.
     */
    private void nested(int first, int second) throws Unsure {
        start[first] = -1;
        if (second >= 0) {
            start[second] = -1;
        }
        expect('{');
        if (peek() == '}') {
            p++;
            return;
        }
        byte[][] wanted = second < 0 ? ID : IP_HOST;
        while (true) {
            int name = name(wanted);
            expect(':');
            if (name == 0) {
                stringMember(first);
            } else if (name == 1) {
                stringMember(second);
            } else {
                value(2);
            }
            if (!separator('}')) {
                return;
            }
        }
    }

    /** Reads a member name; returns its index in {@code wanted}, or -1. */
    private int name(byte[][] wanted) throws Unsure {
        if (peek() != '"') {
            throw Unsure.INSTANCE;
        }
        int from = p + 1;
        string();
        if (lastEscaped) {
            throw Unsure.INSTANCE; // an escaped name may spell a wanted one
        }
        int to = p - 1;
        for (int i = 0; i < wanted.length; i++) {
            if (java.util.Arrays.equals(b, from, to, wanted[i], 0, wanted[i].length)) {
                return i;
            }
        }
        return -1;
    }

    /** After a value: true on {@code ,} (another member follows), false after {@code close}. */
    private boolean separator(char close) throws Unsure {
        byte c = peek();
        p++;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        throw Unsure.INSTANCE;
    }

    private void value(int depth) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw Unsure.INSTANCE;
        }
        byte c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> object(depth);
            case '[' -> array(depth);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) throws Unsure {
        p++;
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            if (peek() != '"') {
                throw Unsure.INSTANCE;
            }
            string();
            expect(':');
            value(depth + 1);
            if (!separator('}')) {
                return;
            }
        }
    }

    private void array(int depth) throws Unsure {
        p++;
        if (peek() == ']') {
            p++;
            return;
        }
        while (true) {
            value(depth + 1);
            if (!separator(']')) {
                return;
            }
        }
    }

    private void literal(String word) throws Unsure {
        for (int i = 0; i < word.length(); i++) {
            if (p >= limit || b[p] != word.charAt(i)) {
                throw Unsure.INSTANCE;
            }
            p++;
        }
    }

    /** A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws Unsure {
        int from = p;
        if (p < limit && b[p] == '-') {
            p++;
        }
        if (p < limit && b[p] == '0') {
            p++;
        } else if (digits() == 0) {
            throw Unsure.INSTANCE;
        }
        if (p < limit && b[p] == '.') {
            p++;
            if (digits() == 0) {
                throw Unsure.INSTANCE;
            }
        }
        if (p < limit && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < limit && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            if (digits() == 0) {
                throw Unsure.INSTANCE;
            }
        }
        if (p - from > MAX_NUMBER) {
            throw Unsure.INSTANCE;
        }
    }

    private int digits() {
        int from = p;
        while (p < limit && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p - from;
    }

    /** Skips a string at {@code p} (its opening quote); sets {@link #lastEscaped}. */
    private void string() throws Unsure {
        byte[] bytes = b;
        int i = p + 1;
        int end = limit;
        boolean esc = false;
        while (i < end) {
            byte c = bytes[i++];
            if (c == '"') {
                p = i;
                lastEscaped = esc;
                return;
            }
            if (c >= 0 && c < 0x20) {
                throw Unsure.INSTANCE; // JSON refuses raw control characters in strings
            }
            if (c == '\\') {
                esc = true;
                p = i;
                escape();
                i = p;
            }
        }
        throw Unsure.INSTANCE;
    }

    private void escape() throws Unsure {
        if (p >= limit) {
            throw Unsure.INSTANCE;
        }
        byte c = b[p++];
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int i = 0; i < 4; i++) {
                    if (p >= limit || Character.digit(b[p++], 16) < 0) {
                        throw Unsure.INSTANCE;
                    }
                }
            }
            default -> throw Unsure.INSTANCE;
        }
    }

    private byte peek() throws Unsure {
        if (p >= limit) {
            throw Unsure.INSTANCE;
        }
        return b[p];
    }

    private void expect(char c) throws Unsure {
        if (peek() != c) {
            throw Unsure.INSTANCE;
        }
        p++;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return out;
    }
}
