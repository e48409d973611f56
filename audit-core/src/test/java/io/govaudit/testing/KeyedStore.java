package io.govaudit.testing;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.internal.format.EpochKeyDerivation;
import io.govaudit.internal.format.Hex;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.spi.AnchorSink;
import io.govaudit.verify.AuditVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A keyed, signed and anchored file store for attack tests (docs/format.md sections 3-5), and the tools an
 * intruder would use on it: reading the current epoch key from {@code epoch.key}, re-MACing,
 * re-hashing and re-linking records (format version 2, docs/format.md: the mac with a chosen key,
 * the hash always public SHA-256), re-signing checkpoints.
 *
 * <p>Layout under {@code root}: {@code store/} (the store), {@code anchors/} (the directory anchor
 * sink), {@code keys/} (seed and PEM files, 0600). The monotonic ticker and the clock are moved by
 * hand, so epochs advance and timestamps are deterministic.
 */
public final class KeyedStore {

    /** The epoch length the fixture configures. */
    public static final Duration EPOCH = Duration.ofHours(1);

    private static final Pattern EP = Pattern.compile(",\"ep\":(\\d+),\"prev\":\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final String HASH_OPEN = ",\"hash\":\"";
    private static final String PREV_OPEN = ",\"prev\":\"";
    private static final String MAC_OPEN = ",\"mac\":\"";

    public final Path root;
    public final Path store;
    public final Path anchors;
    public final Path keys;
    public final Path seedFile;
    public final byte[] seed;
    public final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    public final TestClock clock = TestClock.at(java.time.Instant.parse("2026-05-01T08:00:00.123456Z"));
    private final SecureRandom random = new SecureRandom();
    private int events;

    private KeyedStore(Path root) throws IOException {
        this.root = root;
        this.store = root.resolve("store");
        this.anchors = root.resolve("anchors");
        this.keys = root.resolve("keys");
        Files.createDirectories(store);
        Files.createDirectories(keys);
        this.seed = new byte[32];
        random.nextBytes(seed);
        this.seedFile = secretFile("chain-seed.hex", Hex.toHex(seed) + "\n");
    }

    /**
     * Creates an empty fixture with a fresh seed.
     *
     * @param root an empty directory
     * @return the fixture
     */
    public static KeyedStore create(Path root) {
        try {
            return new KeyedStore(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path secretFile(String name, String text) throws IOException {
        Path file = keys.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** An Ed25519 key pair written as PEM files {@code <name>.key} (0600) and {@code <name>.pub}. */
    public final class KeyPair {
        public final Ed25519PrivateKeyParameters privateKey;
        public final Path privatePem;
        public final Path publicPem;
        public final String id;

        KeyPair(String name) throws IOException {
            privateKey = Ed25519Keys.generate(random);
            privatePem = secretFile(name + ".key", Ed25519Keys.privatePem(privateKey));
            publicPem = secretFile(name + ".pub", Ed25519Keys.publicPem(privateKey.generatePublicKey()));
            id = Ed25519Keys.keyId(privateKey.generatePublicKey());
        }
    }

    /**
     * Generates a key pair.
     *
     * @param name the file name stem under {@code keys/}
     * @return the keys
     */
    public KeyPair keyPair(String name) {
        try {
            return new KeyPair(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns a builder for a keyed, signed, anchored trail: small segments, a checkpoint every
     * 5 records, the fixture's ticker and clock.
     *
     * @param chain the chain id
     * @param key   the signing key
     * @return the builder
     */
    public AuditTrail.Builder builder(String chain, KeyPair key) {
        return AuditTrail.builder().directory(store).chainId(chain).system("permit-portal").host("node-a")
                .segmentMaxBytes(4096).maxRecordBytes(1024).hmacSeed(seedFile).signingKey(key.privatePem)
                .checkpointEvery(5).epochLength(EPOCH).anchorSink(AnchorSink.directory(anchors))
                // checkpoints by count, open, roll and close only: the layout does not depend on
                // whether the writer thread was idle when the test moved the ticker
                .checkpointInterval(Duration.ofDays(3650)).heartbeat(Duration.ofDays(3650))
                .ticker(ticker::get).clock(clock);
    }

    /**
     * Records {@code count} events, moving the clock 1 s per event and the ticker past an epoch
     * every {@code epochEvery} events (0: never).
     *
     * @param trail      the open trail
     * @param count      how many events
     * @param epochEvery events per epoch, or 0
     */
    public void record(AuditTrail trail, int count, int epochEvery) {
        Actor admin = Actor.builder("A123456").name("Chen Mei-Ling").admin(true).build();
        for (int i = 0; i < count; i++) {
            if (epochEvery > 0 && i > 0 && i % epochEvery == 0) {
                ticker.addAndGet(EPOCH.toNanos() + 1);
            }
            clock.advance(Duration.ofSeconds(1));
            int n = events++;
            trail.record(AuditEvent.userLock(admin, "u-" + n).where(Location.defaults().withIp("10.0.0." + (n % 250)))
                    .build());
        }
    }

    /**
     * Writes the standard chain: a run signed by {@code first} (30 events, epoch advances), then a
     * run rotated to {@code second} (30 events, epoch advances). Several segments result.
     *
     * @param chain  the chain id
     * @param first  the first signing key
     * @param second the key rotated to
     */
    public void writeStandard(String chain, KeyPair first, KeyPair second) {
        try (AuditTrail trail = builder(chain, first).build()) {
            record(trail, 30, 10);
        }
        clock.advance(Duration.ofSeconds(5));
        ticker.addAndGet(Duration.ofSeconds(5).toNanos());
        String before = describe(chain);
        try (AuditTrail trail = builder(chain, second).previousSigningKey(first.privatePem).build()) {
            record(trail, 30, 10);
        }
        if (Segments.allLines(chainDir(chain)).stream().noneMatch(l -> typeOf(l).equals("KEY_ROTATION"))) {
            throw new IllegalStateException("writer bug: reopening chain '" + chain + "' with signing key " + second.id
                    + " (previous key " + first.id + ") wrote no KEY_ROTATION.\nBefore the second open:\n" + before
                    + "\nAfter:\n" + describe(chain));
        }
    }

    /** @return each segment and its records (seq, type, ep, key ids), one line each, for failure messages */
    public String describe(String chain) {
        StringBuilder out = new StringBuilder();
        for (Path segment : Segments.list(chainDir(chain))) {
            out.append(segment.getFileName()).append(Files.isWritable(segment) ? " (writable)" : "").append('\n');
            for (String line : Segments.lines(segment)) {
                if (!SEQ.matcher(line).find() || !line.contains("\"type\":\"")) {
                    out.append("  (not a record) ").append(line, 0, Math.min(60, line.length())).append('\n');
                    continue;
                }
                out.append("  ").append(seqOf(line)).append(' ').append(typeOf(line)).append(" ep=").append(epOf(line));
                Matcher key = Pattern.compile("\"(key|old_key|new_key)\":\"([0-9a-f]{16})\"").matcher(line);
                while (key.find()) {
                    out.append(' ').append(key.group(1)).append('=').append(key.group(2));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Returns a verifier given the seed, the trusted key and the anchors.
     *
     * @param trusted the trusted key
     * @return the verifier
     */
    public AuditVerifier fullVerifier(KeyPair trusted) {
        return AuditVerifier.forDirectory(store).hmacSeed(seedFile).trustedKey(trusted.publicPem).anchors(anchors);
    }

    /** @return the chain directory */
    public Path chainDir(String chain) {
        return store.resolve(chain);
    }

    // ---- the intruder's tools ----

    /** The current epoch and its key, as an intruder reads them from {@code epoch.key}. */
    public record StolenEpoch(long epoch, byte[] key) {
    }

    /**
     * Reads {@code epoch.key} the way an intruder would: the valid slot with the highest epoch.
     *
     * @param chain the chain id
     * @return the current epoch and key
     */
    public StolenEpoch stealEpochKey(String chain) {
        String text = new String(Segments.bytes(chainDir(chain).resolve("epoch.key")), StandardCharsets.US_ASCII);
        StolenEpoch best = null;
        for (int slot = 0; slot < 2; slot++) {
            String[] parts = text.substring(slot * 128, slot * 128 + 128).trim().split(" ");
            if (parts.length == 4 && parts[0].equals("govaudit-epoch-v1")) {
                long epoch = Long.parseLong(parts[1]);
                if (best == null || epoch > best.epoch()) {
                    best = new StolenEpoch(epoch, Hex.decode(parts[2]));
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no valid slot in epoch.key: " + text);
        }
        return best;
    }

    /** @return the epoch key {@code k(epoch)} derived from the fixture's seed (the auditor's view) */
    public byte[] epochKey(long epoch) {
        return EpochKeyDerivation.keyOf(seed, epoch);
    }

    /**
     * Returns a hash function: HMAC-SHA256 under a fixed key.
     *
     * @param key the key
     * @return the function from a record's prefix to its hash
     */
    public static Hasher hmac(byte[] key) {
        return (ep, prefix) -> mac(key, prefix);
    }

    /** @return a hash function that HMACs each record under the key of its own {@code ep} (from the seed) */
    public Hasher ownEpochKeys() {
        return (ep, prefix) -> mac(epochKey(ep), prefix);
    }

    /**
     * Returns a MAC function for an intruder without any key: keyed records keep the mac they
     * have, so only their public hashes and links are recomputed. Plain records never use it.
     *
     * @return the function
     */
    public static Hasher keepMacs() {
        return (ep, prefix) -> null;
    }

    /** @return a MAC function that uses plain SHA-256 in place of an HMAC (what a keyless forger could write) */
    public static Hasher sha256() {
        return (ep, prefix) -> sha256(prefix);
    }

    /** @return the SHA-256 of {@code bytes} */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Computes a keyed record's mac from its M (the line up to prev's closing quote) and its
     * {@code ep}; null keeps the record's stored mac. The hash is always recomputed as the public
     * SHA-256 over P, as anyone can.
     */
    @FunctionalInterface
    public interface Hasher {
        byte[] hash(long ep, byte[] prefix);
    }

    static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the {@code ep} of a record line, or -1 */
    public static long epOf(String line) {
        Matcher m = EP.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** @return the seq of a record line */
    public static long seqOf(String line) {
        Matcher m = SEQ.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("no seq in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** @return the {@code prev} of a record line */
    public static String prevOf(String line) {
        int at = line.lastIndexOf(PREV_OPEN) + PREV_OPEN.length();
        return line.substring(at, at + 64);
    }

    /** @return the {@code mac} of a record line, or null */
    public static String macOf(String line) {
        int at = line.lastIndexOf(MAC_OPEN);
        return at < 0 ? null : line.substring(at + MAC_OPEN.length(), at + MAC_OPEN.length() + 64);
    }

    /** @return the {@code hash} of a record line */
    public static String hashOf(String line) {
        int at = line.lastIndexOf(HASH_OPEN);
        return line.substring(at + HASH_OPEN.length(), at + HASH_OPEN.length() + 64);
    }

    /** @return the {@code ts} of a record line */
    public static String tsOf(String line) {
        int at = line.indexOf("\"ts\":\"") + 6;
        return line.substring(at, line.indexOf('"', at));
    }

    /** @return the record type of a line */
    public static String typeOf(String line) {
        int at = line.indexOf("\"type\":\"") + 8;
        return line.substring(at, line.indexOf('"', at));
    }

    /**
     * Rewrites one record's {@code prev}, {@code mac} (keyed records: those with an {@code ep})
     * and {@code hash}, as format version 2 computes them.
     *
     * @param line   the record
     * @param prev   the new prev (64 hex)
     * @param hasher the MAC function for keyed records
     * @return the new line
     */
    public static String reseal(String line, String prev, Hasher hasher) {
        int prevAt = line.lastIndexOf(PREV_OPEN);
        String m = line.substring(0, prevAt) + PREV_OPEN + prev + "\"";
        String p = m;
        long ep = epOf(line);
        if (ep >= 0) {
            byte[] mac = hasher.hash(ep, m.getBytes(StandardCharsets.UTF_8));
            String macHex = mac != null ? Hex.toHex(mac) : macOf(line);
            if (macHex == null) {
                throw new IllegalArgumentException("keeping the mac of a line without one: " + line);
            }
            p = m + MAC_OPEN + macHex + "\"";
        }
        return p + HASH_OPEN + Hex.toHex(sha256(p.getBytes(StandardCharsets.UTF_8))) + "\"}";
    }

    /**
     * Rewrites a record as format version 1 wrote it (the writer no longer does): {@code "v":1},
     * no mac, and the hash SHA-256 of P for a plain record or {@code hasher}'s HMAC of P for a
     * keyed one (docs/format.md, version history).
     *
     * @param line   a record of version 1 or 2
     * @param prev   the new prev (64 hex)
     * @param hasher the keyed records' hash function
     * @return the version 1 line
     */
    public static String resealVersion1(String line, String prev, Hasher hasher) {
        String v1 = withEp(line, -1).replaceFirst("^\\{\"v\":2,", "{\"v\":1,");
        long ep = epOf(line);
        if (ep >= 0) {
            v1 = withEp(v1, ep);
        }
        int prevAt = v1.lastIndexOf(PREV_OPEN);
        String p = v1.substring(0, prevAt) + PREV_OPEN + prev + "\"";
        byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
        return p + HASH_OPEN + Hex.toHex(ep < 0 ? sha256(bytes) : hasher.hash(ep, bytes)) + "\"}";
    }

    /**
     * Returns the line with its {@code ep} member set to {@code ep} (added, or removed with the
     * mac when -1); {@link #reseal} then writes the mac that goes with it.
     */
    public static String withEp(String line, long ep) {
        int prevAt = line.lastIndexOf(PREV_OPEN);
        String head = line.substring(0, prevAt);
        Matcher m = Pattern.compile(",\"ep\":\\d+$").matcher(head);
        if (m.find()) {
            head = head.substring(0, m.start());
        }
        String tail = line.substring(prevAt);
        if (ep < 0 && tail.contains(MAC_OPEN)) {
            tail = tail.substring(0, tail.indexOf(MAC_OPEN)) + tail.substring(tail.indexOf(HASH_OPEN));
        }
        return head + (ep >= 0 ? ",\"ep\":" + ep : "") + tail;
    }

    /** A chain's lines with the segment file each came from, for rewriting in place. */
    public static final class ChainLines {
        public final List<Path> segments;
        public final List<List<String>> lines = new ArrayList<>();

        ChainLines(Path chainDir) {
            segments = Segments.list(chainDir);
            for (Path segment : segments) {
                lines.add(new ArrayList<>(Segments.lines(segment)));
            }
        }

        /** @return every line of the chain, in order (a copy) */
        public List<String> all() {
            return lines.stream().flatMap(List::stream).toList();
        }

        /** @return the line at global index {@code i} */
        public String get(int i) {
            int[] at = locate(i);
            return lines.get(at[0]).get(at[1]);
        }

        /** Replaces the line at global index {@code i}. */
        public void set(int i, String line) {
            int[] at = locate(i);
            lines.get(at[0]).set(at[1], line);
        }

        /** @return the number of lines */
        public int size() {
            return lines.stream().mapToInt(List::size).sum();
        }

        /** @return the global index of the record with this seq */
        public int indexOfSeq(long seq) {
            for (int i = 0; i < size(); i++) {
                if (seqOf(get(i)) == seq) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no seq " + seq);
        }

        private int[] locate(int i) {
            int rest = i;
            for (int s = 0; s < lines.size(); s++) {
                if (rest < lines.get(s).size()) {
                    return new int[] {s, rest};
                }
                rest -= lines.get(s).size();
            }
            throw new IndexOutOfBoundsException(i);
        }

        /**
         * Re-links and re-hashes records {@code from} to the end with {@code hasher}, applying
         * {@code edit} (which may change anything before {@code prev}) to each first.
         */
        public void resealFrom(int from, Hasher hasher, java.util.function.UnaryOperator<String> edit) {
            resealFrom(from, hasher, (before, line) -> edit.apply(line));
        }

        /**
         * Like {@link #resealFrom(int, Hasher, java.util.function.UnaryOperator)}, with the
         * record before (already resealed) given to {@code edit}, e.g. to re-sign a checkpoint.
         */
        public void resealFrom(int from, Hasher hasher, java.util.function.BinaryOperator<String> edit) {
            String prev = from == 0 ? "0".repeat(64) : hashOf(get(from - 1));
            for (int i = from; i < size(); i++) {
                String before = i == 0 ? null : get(i - 1);
                String line = reseal(edit.apply(before, get(i)), prev, hasher);
                set(i, line);
                prev = hashOf(line);
            }
        }

        /** Writes every segment back. */
        public void write() {
            for (int s = 0; s < segments.size(); s++) {
                Segments.write(segments.get(s), lines.get(s));
            }
        }
    }

    /** @return the chain's lines, ready to be rewritten */
    public ChainLines lines(String chain) {
        return new ChainLines(chainDir(chain));
    }

    /**
     * Re-signs a CHECKPOINT line over the record before it, as an intruder holding {@code key}
     * would; the record's hash is not recomputed (the caller reseals).
     *
     * @param line   the CHECKPOINT record
     * @param chain  the chain id
     * @param before the record it covers
     * @param key    the signing key
     * @return the new line
     */
    public static String resign(String line, String chain, String before, Ed25519PrivateKeyParameters key) {
        long atSeq = seqOf(before);
        String atHash = hashOf(before);
        String message = "govaudit-checkpoint:v1:" + chain + ":" + atSeq + ":" + atHash + ":" + tsOf(line);
        String sig = Ed25519Keys.sign(key, message.getBytes(StandardCharsets.UTF_8));
        String id = Ed25519Keys.keyId(key.generatePublicKey());
        return line.replaceFirst("\"at_seq\":\"?\\d+\"?", "\"at_seq\":" + quoteLike(line, "at_seq", Long.toString(atSeq)))
                .replaceFirst("\"at_hash\":\"[0-9a-f]{64}\"", "\"at_hash\":\"" + atHash + "\"")
                .replaceFirst("\"key\":\"[0-9a-f]{16}\"", "\"key\":\"" + id + "\"")
                .replaceFirst("\"sig\":\"[A-Za-z0-9_-]+\"", "\"sig\":\"" + sig + "\"");
    }

    private static String quoteLike(String line, String field, String value) {
        return line.contains("\"" + field + "\":\"") ? "\"" + value + "\"" : value;
    }

    /**
     * Copies a directory tree.
     *
     * @param from the source
     * @param to   the target (must not exist)
     */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
