package io.govaudit.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.govaudit.internal.format.DetailFields;
import io.govaudit.internal.format.EpochKeyDerivation;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.RecordView;
import io.govaudit.internal.keys.Ed25519Keys;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The keyed-chain, signature and anchor checks of one chain (docs/format.md sections 3-5), fed record
 * by record by the {@link ChainVerifier}.
 *
 * <p>Keys: a keyed record's epoch MAC is checked under the key of the epoch it names, derived
 * from the seed: in format version 2 the {@code mac} member ({@link ProblemKind#MAC_MISMATCH}),
 * while its hash is public SHA-256 and checked with or without the seed; in version 1 the hash
 * itself ({@link ProblemKind#HASH_MISMATCH}, unchecked without the seed). A record that names an
 * earlier epoch than the one before it is {@link ProblemKind#EPOCH_REGRESSION}, and one MAC'd
 * under a later epoch's key than it names fails its MAC check (the re-seal of CVE-2023-31439).
 * Once a chain is keyed, a plain record in it is {@link ProblemKind#UNKEYED_RECORD}.
 *
 * <p>Signatures: a chain's first checkpoint key must be trusted; a key introduced by a
 * {@code KEY_ROTATION} record signed by the key before it is accepted for the records after it.
 * Once a chain is signed, each closed segment must end with its closing checkpoint.
 *
 * <p>Anchors: read alongside the chain in seq order (constant memory); a checkpoint that differs
 * from its anchor is {@link ProblemKind#ANCHOR_MISMATCH}; anchors beyond the chain's head mean
 * {@link ProblemKind#TRUNCATED}.
 *
 * <p>Not thread-safe; one per chain and verification.
 */
final class SealVerifier implements AutoCloseable {

    /** Reports a problem at the current line. */
    @FunctionalInterface
    interface Reporter {
        void report(ProblemKind kind, long seq, String message);
    }

    /** Epochs further ahead than this are not derived (a forged huge {@code ep} must not stall us). */
    private static final long MAX_EPOCH_STEP = 10_000_000L;

    private final String chain;
    private final VerifyKeys.Loaded keys;
    private final Reporter reporter;
    private final Map<String, Ed25519PublicKeyParameters> rotated = new HashMap<>();
    private final byte[] tsBytes = new byte[io.govaudit.internal.format.Timestamps.LENGTH];

    private boolean keyed;
    private long epoch = -1;
    private byte[] epochKey;
    private Mac mac;
    private boolean hashesUnchecked;
    private boolean macsUnchecked;
    private boolean signed;
    private boolean signaturesUnchecked;
    private String currentKey;
    private Instant lastCheckpoint;
    private boolean betweenRuns;
    private String lastTypeInSegment;
    /** The last type string classified by {@link #record}, and whether it is one it reads. */
    private String classifiedType;
    private boolean classifiedSeal;
    private long lastSeqInSegment;

    private BufferedReader anchors;
    private AnchorLine nextAnchor;
    private long anchorsBehind;
    private AnchorLine newestAnchor;

    /**
     * The chain id prefix of the auditors' reader chains ({@code audit-cli-<host>}), which hold the
     * {@code AUDIT_LOG_READ} records of audit-cli and are written without the application's keys.
     */
    static final String READER_CHAIN_PREFIX = "audit-cli-";

    SealVerifier(String chain, VerifyKeys.Loaded keys, Reporter reporter) {
        this.chain = chain;
        this.keys = keys;
        this.reporter = reporter;
        openAnchors();
    }

    // ---- hashes ----

    /**
     * Checks a parsed record's hash and epoch MAC. A version 2 record's hash is public SHA-256;
     * its mac is checked here under its epoch's key (reported as MAC_MISMATCH). A keyed version 1
     * record's hash is the HMAC under its epoch's key.
     *
     * @param plainHashValid for a record whose hash is public ({@link RecordView#hashIsPublic}),
     *                       whether its SHA-256 matched ({@link RecordView#hashValid})
     * @return false if the hash is known to be wrong (reported by the caller as HASH_MISMATCH)
     */
    boolean hashValid(RecordView view, boolean plainHashValid, long seq) {
        long ep = view.ep();
        if (ep < 0) {
            if (keyed) {
                reporter.report(ProblemKind.UNKEYED_RECORD, seq, "a plain record in a keyed chain: it was written "
                        + "without the chain's key (a replaced or spliced record)");
            }
            return plainHashValid;
        }
        keyed = true;
        if (ep < epoch) {
            reporter.report(ProblemKind.EPOCH_REGRESSION, seq, "record names key epoch " + ep
                    + " after a record of epoch " + epoch + ": epochs never go back");
        }
        boolean version1 = !view.hashIsPublic();
        if (keys.seed() == null) {
            hashesUnchecked |= version1;
            macsUnchecked |= !version1;
            epoch = ep;
            return version1 || plainHashValid;
        }
        boolean macValid = moveToEpoch(ep) && view.macValid(mac);
        if (version1) {
            return macValid;
        }
        if (!macValid) {
            reporter.report(ProblemKind.MAC_MISMATCH, seq, "mac is not the HMAC of the record's bytes under the key "
                    + "of epoch " + ep + " derived from the seed: the record was changed and its hash recomputed, it "
                    + "was sealed with another key, or the seed given is not this chain's");
        }
        return plainHashValid;
    }

    private boolean moveToEpoch(long ep) {
        if (ep == epoch && mac != null) {
            return true;
        }
        if (mac == null || ep < epoch) {
            if (ep > MAX_EPOCH_STEP) {
                return false;
            }
            forget();
            epochKey = EpochKeyDerivation.keyOf(keys.seed(), ep);
        } else {
            if (ep - epoch > MAX_EPOCH_STEP) {
                return false;
            }
            for (long e = epoch; e < ep; e++) {
                byte[] next = EpochKeyDerivation.next(epochKey);
                Arrays.fill(epochKey, (byte) 0);
                epochKey = next;
            }
        }
        epoch = ep;
        try {
            if (mac == null) {
                mac = Mac.getInstance(EpochKeyDerivation.HMAC);
            }
            mac.init(new SecretKeySpec(epochKey, EpochKeyDerivation.HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA256", e);
        }
        return true;
    }

    private void forget() {
        if (epochKey != null) {
            Arrays.fill(epochKey, (byte) 0);
        }
    }

    // ---- library records, anchors ----

    /** Checks a record once it is accepted into the chain. */
    void record(RecordView view, long seq, byte[] buf, int offset, int length) {
        String type = view.type();
        lastTypeInSegment = type;
        lastSeqInSegment = seq;
        if (type != classifiedType) {
            // view.type() returns the same string while the type repeats: classify once per run
            classifiedType = type;
            classifiedSeal = type.equals("CHECKPOINT") || type.equals("TRAIL_START") || type.equals("TRAIL_STOP")
                    || type.equals("KEY_ROTATION");
        }
        if (!classifiedSeal) {
            compareAnchor(seq, null);
            return;
        }
        view.copyTs(tsBytes);
        String ts = new String(tsBytes, StandardCharsets.US_ASCII);
        if (type.equals("CHECKPOINT")) {
            Map<String, String> detail = DetailFields.read(buf, offset, length);
            checkpoint(view, seq, ts, detail);
            compareAnchor(seq, detail);
        } else if (type.equals("TRAIL_START") || type.equals("TRAIL_STOP")) {
            // between an orderly stop and the next start the writer is not running: that pause
            // is no checkpoint gap, and neither are the checkpoints written around it
            betweenRuns = type.equals("TRAIL_STOP");
            lastCheckpoint = null;
            compareAnchor(seq, null);
        } else if (type.equals("KEY_ROTATION")) {
            rotation(seq, ts, DetailFields.read(buf, offset, length));
            compareAnchor(seq, null);
        } else {
            compareAnchor(seq, null);
        }
    }

    private void checkpoint(RecordView view, long seq, String ts, Map<String, String> detail) {
        signed = true;
        Instant time = view.ts();
        if (!betweenRuns && lastCheckpoint != null && Duration.between(lastCheckpoint, time).compareTo(keys.maxCheckpointGap()) > 0) {
            reporter.report(ProblemKind.CHECKPOINT_GAP, seq, "no checkpoint for " + Duration.between(lastCheckpoint, time)
                    + " (more than " + keys.maxCheckpointGap() + ")");
        }
        lastCheckpoint = betweenRuns ? null : time;
        String atSeq = detail.get("at_seq");
        String atHash = detail.get("at_hash");
        String key = detail.get("key");
        String sig = detail.get("sig");
        if (!String.valueOf(seq - 1).equals(atSeq) || !view.prev().equals(atHash) || key == null || sig == null) {
            reporter.report(ProblemKind.BAD_SIGNATURE, seq, "checkpoint does not name the record before it "
                    + "(at_seq " + atSeq + ", at_hash " + abbreviate(atHash) + ") or lacks key and sig");
            return;
        }
        if (keys.trusted().isEmpty()) {
            signaturesUnchecked = true;
            currentKey = key;
            return;
        }
        Ed25519PublicKeyParameters publicKey = keyFor(key, seq);
        if (publicKey == null) {
            return;
        }
        String message = "govaudit-checkpoint:v1:" + chain + ":" + atSeq + ":" + atHash + ":" + ts;
        if (!Ed25519Keys.verify(publicKey, message.getBytes(StandardCharsets.UTF_8), sig)) {
            reporter.report(ProblemKind.BAD_SIGNATURE, seq, "checkpoint signature by key " + key + " does not verify");
        }
    }

    /** The key a checkpoint may be signed with: the chain's current key, or a trusted first key. */
    private Ed25519PublicKeyParameters keyFor(String key, long seq) {
        if (currentKey == null) {
            Ed25519PublicKeyParameters trusted = keys.trusted().get(key);
            if (trusted == null) {
                reporter.report(ProblemKind.BAD_SIGNATURE, seq, "checkpoint signed by key " + key
                        + ", which is not a trusted key (give it with --public-key)");
                return null;
            }
            currentKey = key;
            return trusted;
        }
        if (!key.equals(currentKey)) {
            reporter.report(ProblemKind.BAD_SIGNATURE, seq, "checkpoint signed by key " + key
                    + " but the chain's signing key here is " + currentKey + " (no KEY_ROTATION introduced it)");
            return null;
        }
        Ed25519PublicKeyParameters known = rotated.get(key);
        return known != null ? known : keys.trusted().get(key);
    }

    private void rotation(long seq, String ts, Map<String, String> detail) {
        String oldKey = detail.get("old_key");
        String newKey = detail.get("new_key");
        String publicKey = detail.get("public_key");
        String sig = detail.get("sig");
        if (keys.trusted().isEmpty()) {
            signaturesUnchecked = true;
            currentKey = newKey;
            return;
        }
        Ed25519PublicKeyParameters next;
        try {
            next = Ed25519Keys.decodeRaw(String.valueOf(publicKey));
        } catch (IllegalArgumentException e) {
            reporter.report(ProblemKind.BAD_SIGNATURE, seq, "KEY_ROTATION carries no valid public key");
            return;
        }
        Ed25519PublicKeyParameters old = rotated.containsKey(oldKey) ? rotated.get(oldKey) : keys.trusted().get(oldKey);
        String message = "govaudit-key-rotation:v1:" + chain + ":" + newKey + ":" + publicKey + ":" + ts;
        if (!Ed25519Keys.keyId(next).equals(newKey) || old == null || (currentKey != null && !currentKey.equals(oldKey))
                || sig == null || !Ed25519Keys.verify(old, message.getBytes(StandardCharsets.UTF_8), sig)) {
            reporter.report(ProblemKind.BAD_SIGNATURE, seq, "KEY_ROTATION to key " + newKey
                    + " is not signed by the chain's current key " + (currentKey == null ? oldKey : currentKey));
            return;
        }
        rotated.put(newKey, next);
        currentKey = newKey;
    }

    /** Called after each segment: a closed segment of a signed chain must end with a checkpoint. */
    void segmentEnd(boolean closed) {
        if (closed && signed && lastTypeInSegment != null && !lastTypeInSegment.equals("CHECKPOINT")) {
            reporter.report(ProblemKind.MISSING_CHECKPOINT, lastSeqInSegment, "closed segment of a signed chain "
                    + "does not end with its closing checkpoint: it was replaced or cut");
        }
        lastTypeInSegment = null;
    }

    /**
     * Called at the end of the chain. A verifier given a seed or a trusted key expects the chain
     * to be keyed or signed: a chain without any keyed record or checkpoint was written, or
     * replaced, without them (docs/format.md sections 3-5: never silently accepted as plain).
     */
    void finish(long firstSeq, long lastSeq, Instant lastTime) {
        boolean readerChain = chain.startsWith(READER_CHAIN_PREFIX);
        boolean unkeyed = lastSeq > 0 && keys.seed() != null && !keyed;
        boolean unsigned = lastSeq > 0 && !keys.trusted().isEmpty() && !signed;
        if (readerChain && (unkeyed || unsigned)) {
            // the auditors' own chain of AUDIT_LOG_READ records, written by audit-cli without the
            // application's seed or signing key (docs/format.md section 9): said, not failed
            reporter.report(ProblemKind.READER_CHAIN_UNSEALED, firstSeq, "a reader chain (" + READER_CHAIN_PREFIX
                    + "*: reads of the log recorded by audit-cli) is not " + (unkeyed && unsigned ? "keyed or signed"
                    : unkeyed ? "keyed" : "signed") + "; its records' hashes and links were checked");
        } else {
            if (unkeyed) {
                reporter.report(ProblemKind.UNKEYED_RECORD, firstSeq, "verified with an HMAC seed, but no record of "
                        + "this chain is keyed: it was written or replaced without the key");
            }
            if (unsigned) {
                reporter.report(ProblemKind.MISSING_CHECKPOINT, firstSeq, "verified with a trusted key, but this "
                        + "chain has no signed checkpoint: it was written or replaced without the signing key");
            }
        }
        if (hashesUnchecked) {
            reporter.report(ProblemKind.HASHES_NOT_CHECKED, 0, "keyed chain verified without its HMAC seed: "
                    + "links and order were checked, the hashes of its format version 1 records were not");
        }
        if (macsUnchecked) {
            reporter.report(ProblemKind.MACS_NOT_CHECKED, 0, "keyed chain verified without its HMAC seed: record "
                    + "hashes, links and order" + (signed && !signaturesUnchecked ? ", checkpoint signatures" : "")
                    + (keys.anchorDir() != null ? ", anchors" : "") + " were checked; the epoch MACs, which "
                    + "protect records written before a compromise of the host, were not");
        }
        if (signaturesUnchecked) {
            reporter.report(ProblemKind.SIGNATURES_NOT_CHECKED, 0, "signed chain verified without a trusted public "
                    + "key: checkpoint signatures were not checked");
        }
        if (signed && lastCheckpoint != null && lastTime != null
                && Duration.between(lastCheckpoint, lastTime).compareTo(keys.maxCheckpointGap()) > 0) {
            reporter.report(ProblemKind.CHECKPOINT_GAP, lastSeq, "records after the last checkpoint span "
                    + Duration.between(lastCheckpoint, lastTime) + ": they are covered by no signature");
        }
        while (nextAnchor != null) {
            if (nextAnchor.seq > lastSeq) {
                anchorsBehind++;
                newestAnchor = nextAnchor;
            }
            advanceAnchor();
        }
        if (anchorsBehind > 0) {
            reporter.report(ProblemKind.TRUNCATED, lastSeq + 1, "the chain ends at seq " + lastSeq + " but "
                    + anchorsBehind + " anchor(s) go further, the newest at seq " + newestAnchor.seq + " ("
                    + newestAnchor.ts + "): records were cut from the end");
        }
    }

    private void compareAnchor(long seq, Map<String, String> checkpoint) {
        while (nextAnchor != null && nextAnchor.seq < seq) {
            advanceAnchor(); // its record is missing: the chain's own checks report that
        }
        if (nextAnchor == null || nextAnchor.seq != seq) {
            return;
        }
        if (checkpoint == null || !nextAnchor.atHash.equals(checkpoint.get("at_hash"))
                || !nextAnchor.sig.equals(checkpoint.get("sig"))) {
            reporter.report(ProblemKind.ANCHOR_MISMATCH, seq, "record " + seq + " is not the checkpoint anchored "
                    + "for it at " + nextAnchor.ts + " (anchored at_hash " + abbreviate(nextAnchor.atHash)
                    + "): the log was rewritten");
        }
        advanceAnchor();
    }

    // ---- anchor file ----

    private record AnchorLine(long seq, String atHash, String sig, String ts) {
    }

    private void openAnchors() {
        if (keys.anchorDir() == null) {
            return;
        }
        Path file = keys.anchorDir().resolve(chain + ".anchors");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            anchors = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            advanceAnchor();
        } catch (IOException e) {
            reporter.report(ProblemKind.IO_ERROR, 0, "cannot read anchors " + file + ": " + e);
        }
    }

    private void advanceAnchor() {
        nextAnchor = null;
        try {
            for (String line; anchors != null && (line = anchors.readLine()) != null; ) {
                AnchorLine parsed = parseAnchor(line);
                if (parsed != null) {
                    nextAnchor = parsed;
                    return;
                }
                reporter.report(ProblemKind.UNPARSEABLE, 0, "anchor line is not an anchor of chain '" + chain + "'");
            }
        } catch (IOException e) {
            reporter.report(ProblemKind.IO_ERROR, 0, "cannot read anchors: " + e);
        }
    }

    private AnchorLine parseAnchor(String line) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = RecordFormat.jsonFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.put(name, parser.getText());
            }
            if (!chain.equals(fields.get("chain"))) {
                return null;
            }
            return new AnchorLine(Long.parseLong(fields.get("seq")), fields.get("at_hash"), fields.get("sig"),
                    fields.get("ts"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "null" : hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }

    @Override
    public void close() {
        forget();
        if (anchors != null) {
            try {
                anchors.close();
            } catch (IOException e) {
                // read-only: nothing was written, nothing can be lost by a failed close
            }
        }
    }
}
