package io.govaudit.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.time.Instant;
import java.util.*;
import java.util.regex.*;
import java.util.zip.*;
import javax.crypto.*;
import javax.crypto.spec.*;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A verifier of a govaudit file store written from {@code docs/format.md} alone, to show that the
 * document is enough: it uses the JDK, Jackson's streaming parser and BouncyCastle's Ed25519, and
 * nothing of govaudit (a test checks its imports). Section numbers below are the document's.
 *
 * <p>It follows section 9 line by line: grammar (1), hash = SHA-256(P) (2), epochs and, with the
 * seed, the mac (3), seq order, links and the RECORDS_LOST exception (4), time order (5), purge
 * attestation and recording gaps (6), checkpoint and KEY_ROTATION signatures and anchors (7),
 * closing checkpoints per segment, and the end-of-chain checks with the head mark (9a). It reads
 * whole segments into memory: a reference, not a tool for large stores. It does not report
 * {@code CHECKPOINT_GAP} (a policy, not a format rule) nor database {@code COLUMN_MISMATCH}.
 *
 * <p>Not thread-safe; one instance per verification.
 */
public final class ReferenceVerifier {

    /** One problem: its kind (section 9b), chain, and seq (0 when none applies). */
    public record Finding(String kind, String chain, long seq) { }

    /** The findings, and the number of records read per chain. */
    public record Result(List<Finding> findings, Map<String, Long> records) {
        /** @return the findings that are integrity problems (section 9b) */
        public List<Finding> integrity() {
            return findings.stream().filter(f -> !WARNINGS.contains(f.kind())).toList();
        }
    }

    /** The warning kinds of section 9b; every other kind is an integrity problem. */
    public static final Set<String> WARNINGS = Set.of("TORN_TAIL", "TIME_REGRESSION", "RECORDING_GAP",
            "HASHES_NOT_CHECKED", "MACS_NOT_CHECKED", "SIGNATURES_NOT_CHECKED", "CHECKPOINT_GAP");

    private static final Pattern SEGMENT = Pattern.compile("([0-9]{20})\\.log(\\.gz)?");
    private static final Pattern CHAIN_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    private static final Pattern ORDER = Pattern.compile(
            "v,chain,seq,ts,type,outcome,actor(,subject)?,where(,detail)?(,reason)?(,ep)?,prev(,mac)?,hash");
    private static final List<String> STATE_FILES =
            List.of(".lock", ".reserve", "recovery.pending", "head.mark", "epoch.key", "signing-key.id");
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final JsonFactory JSON = new JsonFactory();

    private final Path store;
    private final byte[] seed; // null: MACs not checked
    private final Map<String, byte[]> trusted = new HashMap<>(); // key id -> raw public key
    private final Path anchorDir; // null: no anchors
    private final List<Finding> findings = new ArrayList<>();

    /**
     * @param store     the store directory
     * @param seedFile  the HMAC seed (64 hex characters), or null
     * @param publicKey the chain's first signing key (PEM SubjectPublicKeyInfo), or null
     * @param anchorDir the anchor directory, or null
     */
    public ReferenceVerifier(Path store, Path seedFile, Path publicKey, Path anchorDir) throws IOException {
        this.store = store;
        this.seed = seedFile == null ? null : HexFormat.of().parseHex(Files.readString(seedFile).strip());
        this.anchorDir = anchorDir;
        if (publicKey != null) {
            String pem = Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", "");
            byte[] der = Base64.getMimeDecoder().decode(pem);
            if (der.length != 44 || !Arrays.equals(der, 0, 12, SPKI_PREFIX, 0, 12)) { throw new IOException(publicKey + " is not an Ed25519 SubjectPublicKeyInfo"); }
            byte[] raw = Arrays.copyOfRange(der, 12, 44);
            trusted.put(keyId(raw), raw);
        }
    }

    /** Verifies every chain of the store (section 9a: sub-directories with a segment or state file, and anchored chains). */
    public Result verify() throws IOException {
        Set<String> chains = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(store)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir) && CHAIN_ID.matcher(name).matches()
                        && (!segments(dir).isEmpty() || STATE_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f))))) {
                    chains.add(name);
                }
            }
        }
        if (anchorDir != null && Files.isDirectory(anchorDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(anchorDir, "*.anchors")) {
                files.forEach(f -> chains.add(f.getFileName().toString().replace(".anchors", "")));
            }
        }
        Map<String, Long> records = new TreeMap<>();
        for (String chain : chains) { records.put(chain, new Chain(chain).run()); }
        return new Result(List.copyOf(findings), records);
    }

    /** Section 6: segment files in the order of their first seq; a .log.gz beside its .log is ignored. */
    private static List<Path> segments(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                var m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f) && !m.group(1).equals("0".repeat(20))) { found.add(f); }
            }
        }
        found.removeIf(f -> f.toString().endsWith(".gz") && found.contains(Path.of(f.toString().replace(".gz", ""))));
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    /** One parsed line (section 1) with its prefixes M and P (section 2). */
    private static final class Rec {
        long v = -1, seq = -1, ep = -1;
        String chain, ts, type, prev, mac, hash;
        byte[] m, p;
        final Map<String, String> detail = new HashMap<>();
    }

    /** The per-chain state of section 9. */
    private final class Chain {
        final String chain;
        long expected = 1, gapFrom = -1, gapTo = -1, records, firstSeq, lastSeq, lastSeqInSegment;
        long prefixTo; // a missing prefix 1..prefixTo waiting for its RETENTION_PURGE
        String lastHash = "0".repeat(64), lastTs, prefixPrev, currentKey, lastTypeInSegment;
        boolean afterUnparseable, keyed, signed, signaturesUnchecked;
        long epoch = -1, macEpoch = -1;
        byte[] epochKey;
        final Map<String, byte[]> rotated = new HashMap<>(); // key id -> raw key, from KEY_ROTATION
        final List<String[]> anchors = new ArrayList<>(); // {seq, at_hash, sig}
        int nextAnchor;

        Chain(String chain) { this.chain = chain; }

        void report(String kind, long seq) { findings.add(new Finding(kind, chain, seq)); }

        long run() throws IOException {
            readAnchors();
            Path dir = store.resolve(chain);
            List<Path> segments = Files.isDirectory(dir) ? segments(dir) : List.of();
            for (int i = 0; i < segments.size(); i++) {
                segment(segments.get(i), i == segments.size() - 1);
                if (i < segments.size() - 1 && signed && lastTypeInSegment != null
                        && !lastTypeInSegment.equals("CHECKPOINT")) {
                    report("MISSING_CHECKPOINT", lastSeqInSegment);
                }
                lastTypeInSegment = null;
            }
            finish(dir);
            return records;
        }

        void segment(Path file, boolean newest) {
            boolean gz = file.toString().endsWith(".gz");
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
                if (gz) {
                    int[] trailing = new int[1];
                    bytes = gunzip(bytes, trailing);
                    if (trailing[0] > 0) { report("TRAILING_DATA", 0); }
                }
            } catch (IOException | RuntimeException e) { // a cut header runs off the array
                report("IO_ERROR", 0);
                return;
            }
            long named = Long.parseLong(file.getFileName().toString().substring(0, 20));
            int start = 0;
            for (int nl = indexOf(bytes, start); nl >= 0; nl = indexOf(bytes, start)) {
                line(Arrays.copyOfRange(bytes, start, nl), start == 0 ? named : -1);
                start = nl + 1;
            }
            if (start < bytes.length) { report(newest && !gz ? "TORN_TAIL" : "UNPARSEABLE", 0); }
        }

        void line(byte[] line, long namedSeq) {
            Rec r = parse(line);
            if (r.hash == null) {
                report(r.v > 0 && r.v != 1 && r.v != 2 ? "UNKNOWN_VERSION" : "UNPARSEABLE", 0);
                afterUnparseable = true;
                return;
            }
            records++;
            long seq = r.seq;
            if (!r.chain.equals(chain)) { report("WRONG_CHAIN", seq); }
            checkHashAndMac(r);
            if (namedSeq > 0 && seq != namedSeq) { report("SEGMENT_MISPLACED", seq); }
            sequence(r);
            seal(r);
        }

        /** Section 9 steps 2 and 3. */
        void checkHashAndMac(Rec r) {
            if (r.ep < 0) {
                if (keyed) { report("UNKEYED_RECORD", r.seq); }
                if (!sha256Hex(r.p).equals(r.hash)) { report("HASH_MISMATCH", r.seq); }
                return;
            }
            keyed = true;
            if (r.ep < epoch) { report("EPOCH_REGRESSION", r.seq); }
            epoch = r.ep;
            boolean version1 = r.v == 1;
            if (!version1 && !sha256Hex(r.p).equals(r.hash)) { report("HASH_MISMATCH", r.seq); }
            if (seed == null) { return; }
            byte[] key = epochKey(r.ep);
            if (version1) {
                if (key == null || !hmacHex(key, r.p).equals(r.hash)) { report("HASH_MISMATCH", r.seq); }
            } else if (key == null || !hmacHex(key, r.m).equals(r.mac)) { report("MAC_MISMATCH", r.seq); }
        }

        /** Section 3: k(e+1) = HMAC-SHA256(k(e), "govaudit-epoch"); null for an absurd epoch. */
        byte[] epochKey(long ep) {
            if (epochKey == null || ep < macEpoch) {
                epochKey = seed.clone();
                macEpoch = 0;
            }
            if (ep - macEpoch > 10_000_000L) { return null; }
            for (; macEpoch < ep; macEpoch++) { epochKey = hmac(epochKey, "govaudit-epoch".getBytes(StandardCharsets.UTF_8)); }
            return epochKey;
        }

        /** Section 9 steps 4 to 6. */
        void sequence(Rec r) {
            long seq = r.seq;
            boolean linkKnown = !afterUnparseable;
            if (afterUnparseable && seq == expected + 1) { expected = seq; }
            afterUnparseable = false;
            if (seq < expected) {
                if (gapFrom >= 0 && seq >= gapFrom && seq <= gapTo) {
                    report("SEQ_ORDER", seq);
                    shrinkGap(seq);
                } else { report("SEQ_REPEAT", seq); }
                return;
            }
            if (seq > expected) {
                if (r.type.equals("RECORDS_LOST") && String.valueOf(expected).equals(r.detail.get("lost_from"))
                        && String.valueOf(seq - 1).equals(r.detail.get("lost_through"))) {
                    // the writer's own statement of the loss: reported below as RECORDS_LOST
                } else if (expected == 1) {
                    prefixTo = seq - 1;
                    prefixPrev = r.prev;
                } else {
                    report("SEQ_GAP", expected);
                    gapFrom = expected;
                    gapTo = seq - 1;
                }
            } else if (linkKnown && !r.prev.equals(lastHash)) { report("BROKEN_LINK", seq); }
            if (firstSeq == 0) { firstSeq = seq; }
            if (lastTs != null && r.ts.compareTo(lastTs) < 0) { report("TIME_REGRESSION", seq); }
            lastTs = r.ts;
            lastHash = r.hash;
            lastSeq = Math.max(lastSeq, seq);
            expected = seq + 1;
            String notRecorded = r.detail.get("not_recorded");
            if (r.type.equals("RECORDS_LOST")) {
                report("RECORDS_LOST", seq);
            } else if (r.type.equals("RETENTION_PURGE")) {
                if (prefixTo > 0 && String.valueOf(prefixTo).equals(r.detail.get("last_seq"))
                        && prefixPrev.equals(r.detail.get("last_hash"))) {
                    prefixTo = 0;
                }
            } else if ((r.type.equals("RECORDING_RESUMED") || r.type.equals("TRAIL_STOP"))
                    && notRecorded != null && !notRecorded.equals("0")) {
                report("RECORDING_GAP", seq);
            }
        }

        /** A late record at an end of the reported gap narrows it; a gap emptied this way is withdrawn. */
        void shrinkGap(long seq) {
            Finding gap = new Finding("SEQ_GAP", chain, gapFrom);
            if (seq == gapFrom) {
                gapFrom++;
            } else if (seq == gapTo) {
                gapTo--;
            } else { return; }
            int at = findings.lastIndexOf(gap);
            if (at >= 0) {
                findings.remove(at);
                if (gapFrom <= gapTo) { findings.add(at, new Finding("SEQ_GAP", chain, gapFrom)); }
            }
            if (gapFrom > gapTo) {
                gapFrom = -1;
                gapTo = -1;
            }
        }

        /** Section 9 step 7: checkpoints (4c), key rotations (4d) and anchors (5). */
        void seal(Rec r) {
            lastTypeInSegment = r.type;
            lastSeqInSegment = r.seq;
            Map<String, String> d = r.detail;
            if (r.type.equals("CHECKPOINT")) {
                signed = true;
                String key = d.get("key");
                String sig = d.get("sig");
                if (!String.valueOf(r.seq - 1).equals(d.get("at_seq")) || !r.prev.equals(d.get("at_hash"))
                        || key == null || sig == null) {
                    report("BAD_SIGNATURE", r.seq);
                } else if (trusted.isEmpty()) {
                    signaturesUnchecked = true;
                    currentKey = key;
                } else {
                    byte[] publicKey = currentKey == null ? trusted.get(key)
                            : key.equals(currentKey) ? rotated.getOrDefault(key, trusted.get(key)) : null;
                    if (currentKey == null && publicKey != null) {
                        currentKey = key; // the chain's first key: a trusted one
                    }
                    String message = "govaudit-checkpoint:v1:" + chain + ":" + d.get("at_seq") + ":" + d.get("at_hash")
                            + ":" + r.ts;
                    if (publicKey == null || !ed25519(publicKey, message, sig)) { report("BAD_SIGNATURE", r.seq); }
                }
            } else if (r.type.equals("KEY_ROTATION")) { rotation(r); }
            while (nextAnchor < anchors.size() && Long.parseLong(anchors.get(nextAnchor)[0]) < r.seq) { nextAnchor++; }
            if (nextAnchor < anchors.size() && Long.parseLong(anchors.get(nextAnchor)[0]) == r.seq) {
                String[] anchor = anchors.get(nextAnchor++);
                if (!r.type.equals("CHECKPOINT") || !anchor[1].equals(d.get("at_hash")) || !anchor[2].equals(d.get("sig"))) { report("ANCHOR_MISMATCH", r.seq); }
            }
        }

        void rotation(Rec r) {
            Map<String, String> d = r.detail;
            String oldKey = d.get("old_key");
            String newKey = d.get("new_key");
            String publicKey = d.get("public_key");
            if (trusted.isEmpty()) {
                signaturesUnchecked = true;
                currentKey = newKey;
                return;
            }
            byte[] raw;
            try {
                raw = Base64.getUrlDecoder().decode(String.valueOf(publicKey));
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            byte[] old = rotated.containsKey(oldKey) ? rotated.get(oldKey) : trusted.get(oldKey);
            String message = "govaudit-key-rotation:v1:" + chain + ":" + newKey + ":" + publicKey + ":" + r.ts;
            if (raw.length != 32 || !keyId(raw).equals(newKey) || old == null
                    || (currentKey != null && !currentKey.equals(oldKey)) || d.get("sig") == null
                    || !ed25519(old, message, d.get("sig"))) {
                report("BAD_SIGNATURE", r.seq);
                return;
            }
            rotated.put(newKey, raw);
            currentKey = newKey;
        }

        /** Section 9, end of the chain, and section 9a. */
        void finish(Path dir) {
            if (prefixTo > 0) { report("UNATTESTED_GAP", 1); }
            long knownHead = 0;
            try {
                Path mark = dir.resolve("head.mark");
                if (Files.exists(mark)) {
                    String text = Files.readString(mark, StandardCharsets.US_ASCII);
                    String[] parts = text.endsWith("\n") ? text.strip().split(" ") : new String[0];
                    if (parts.length != 2 || !parts[0].matches("[1-9][0-9]{0,18}") || !HEX64.matcher(parts[1]).matches()) { throw new IOException("head mark does not parse"); }
                    knownHead = Long.parseLong(parts[0]);
                } else if (Files.exists(dir.resolve("epoch.key")) || Files.exists(dir.resolve("signing-key.id"))) { knownHead = 1; }
            } catch (IOException | RuntimeException e) {
                report("IO_ERROR", 0);
            }
            if (records == 0) {
                report("NO_RECORDS", 0);
            } else if (knownHead > lastSeq) { report("TRUNCATED", lastSeq + 1); }
            if (lastSeq > 0 && seed != null && !keyed) { report("UNKEYED_RECORD", firstSeq); }
            if (lastSeq > 0 && !trusted.isEmpty() && !signed) { report("MISSING_CHECKPOINT", firstSeq); }
            if (keyed && seed == null) { report("MACS_NOT_CHECKED", 0); }
            if (signaturesUnchecked) { report("SIGNATURES_NOT_CHECKED", 0); }
            for (int i = nextAnchor; i < anchors.size(); i++) {
                if (Long.parseLong(anchors.get(i)[0]) > lastSeq) {
                    report("TRUNCATED", lastSeq + 1);
                    break;
                }
            }
        }

        /** Section 5: one JSON object per line naming this chain. */
        void readAnchors() throws IOException {
            Path file = anchorDir == null ? null : anchorDir.resolve(chain + ".anchors");
            if (file == null || !Files.isRegularFile(file)) { return; }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Map<String, String> fields = new HashMap<>();
                try (JsonParser json = JSON.createParser(line)) {
                    if (json.nextToken() == JsonToken.START_OBJECT) {
                        while (json.nextToken() == JsonToken.FIELD_NAME) {
                            String name = json.currentName();
                            json.nextToken();
                            fields.put(name, json.getText());
                        }
                    }
                } catch (IOException e) {
                    fields.clear();
                }
                String seq = fields.get("seq");
                if (!chain.equals(fields.get("chain")) || seq == null || !seq.matches("[0-9]{1,18}")) {
                    report("UNPARSEABLE", 0);
                } else {
                    anchors.add(new String[] {seq, fields.get("at_hash"), fields.get("sig")});
                }
            }
        }
    }

    /** Section 1: members in order, their value shapes, and the byte suffixes that delimit M and P. */
    static Rec parse(byte[] line) {
        Rec r = new Rec();
        List<String> names = new ArrayList<>();
        String hash = null;
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) { return r; }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                names.add(name);
                JsonToken value = json.nextToken();
                boolean text = value == JsonToken.VALUE_STRING;
                boolean integer = value == JsonToken.VALUE_NUMBER_INT;
                switch (name) {
                    case "v" -> r.v = integer ? json.getLongValue() : -1;
                    case "chain" -> r.chain = text && CHAIN_ID.matcher(json.getText()).matches() ? json.getText() : null;
                    case "seq" -> r.seq = integer && json.getText().length() <= 18 ? json.getLongValue() : -1;
                    case "ts" -> r.ts = text && TS.matcher(json.getText()).matches() ? json.getText() : null;
                    case "type" -> r.type = text && !json.getText().isEmpty() ? json.getText() : null;
                    case "ep" -> r.ep = integer && json.getLongValue() >= 0 ? json.getLongValue() : -2;
                    case "prev" -> r.prev = hex64(json, text);
                    case "mac" -> r.mac = hex64(json, text);
                    case "hash" -> hash = hex64(json, text);
                    case "detail" -> readDetail(json, value, r.detail);
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) { return r; }
            Instant.parse(String.valueOf(r.ts)); // a real date and time
        } catch (IOException | RuntimeException e) {
            return r;
        }
        boolean shapes = (r.v == 1 || r.v == 2) && r.chain != null && r.seq > 0 && r.ts != null && r.type != null
                && r.ep >= -1 && r.prev != null && hash != null && ORDER.matcher(String.join(",", names)).matches()
                && (r.v == 1 ? r.mac == null : (r.ep >= 0) == (r.mac != null));
        String ascii = new String(line, StandardCharsets.ISO_8859_1); // byte positions = char positions
        String hashSuffix = ",\"hash\":\"" + hash + "\"}";
        String macSuffix = ",\"mac\":\"" + r.mac + "\"";
        String prevSuffix = ",\"prev\":\"" + r.prev + "\"";
        if (!shapes || !ascii.endsWith(hashSuffix)) { return r; }
        int pLength = line.length - hashSuffix.length();
        int mLength = r.mac == null ? pLength : pLength - macSuffix.length();
        if ((r.mac != null && !ascii.startsWith(macSuffix, mLength)) || !ascii.startsWith(prevSuffix, mLength - prevSuffix.length())) { return r; }
        r.p = Arrays.copyOf(line, pLength);
        r.m = Arrays.copyOf(line, mLength);
        r.hash = hash;
        return r;
    }

    private static String hex64(JsonParser json, boolean text) throws IOException {
        return text && HEX64.matcher(json.getText()).matches() ? json.getText() : null;
    }

    /** The scalar members of {@code detail}, as their JSON text (numbers keep their written form). */
    private static void readDetail(JsonParser json, JsonToken value, Map<String, String> into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            if (json.nextToken().isScalarValue()) {
                into.put(name, json.getText());
            } else { json.skipChildren(); }
        }
    }

    /** Section 6: one or more gzip members (RFC 1952), CRC-32 and size checked; counts bytes after the last. */
    static byte[] gunzip(byte[] in, int[] trailing) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 4);
        int at = 0;
        do {
            if (in.length - at < 18 || (in[at] & 0xFF) != 0x1F || (in[at + 1] & 0xFF) != 0x8B || in[at + 2] != 8) { throw new ZipException("not a gzip member"); }
            int flags = in[at + 3];
            at += 10;
            if ((flags & 4) != 0) { at += 2 + ((in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8); }
            for (int zeroTerminated : new int[] {8, 16}) {
                if ((flags & zeroTerminated) != 0) {
                    while (in[at++] != 0) {
                        // skip the name or comment
                    }
                }
            }
            at += (flags & 2) != 0 ? 2 : 0;
            Inflater inflater = new Inflater(true);
            CRC32 crc = new CRC32();
            long size = 0;
            try {
                inflater.setInput(in, at, in.length - at);
                byte[] buf = new byte[64 * 1024];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) { throw new ZipException("gzip member is cut"); }
                    out.write(buf, 0, n);
                    crc.update(buf, 0, n);
                    size += n;
                }
                at = in.length - inflater.getRemaining();
            } catch (DataFormatException e) {
                throw new ZipException("corrupt gzip data");
            } finally {
                inflater.end();
            }
            if (at + 8 > in.length || le32(in, at) != crc.getValue() || le32(in, at + 4) != (size & 0xFFFFFFFFL)) { throw new ZipException("gzip trailer does not match"); }
            at += 8;
        } while (at + 1 < in.length && (in[at] & 0xFF) == 0x1F && (in[at + 1] & 0xFF) == 0x8B);
        trailing[0] = in.length - at;
        return out.toByteArray();
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') { return i; }
        }
        return -1;
    }

    /** Section 4c: pure Ed25519 over the UTF-8 message; the signature is base64url without padding. */
    private static boolean ed25519(byte[] publicKey, String message, String signature) {
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        verifier.update(bytes, 0, bytes.length);
        return sig.length == 64 && verifier.verifySignature(sig);
    }

    /** Section 4c: the first 16 hex characters of SHA-256 over the raw public key. */
    static String keyId(byte[] rawPublicKey) {
        return sha256Hex(rawPublicKey).substring(0, 16);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacHex(byte[] key, byte[] data) {
        return HexFormat.of().formatHex(hmac(key, data));
    }
}
