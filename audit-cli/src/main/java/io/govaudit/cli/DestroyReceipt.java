package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govaudit.internal.keys.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The deletion receipt of {@code destroy} (annex 3.2.(6), 資訊刪除紀錄表; docs/operations.md
 * "Destruction at contract end"): items (chains, segment names, seq ranges), quantity (records,
 * bytes), time, method, operator, and the bundle that holds what was deleted. Written as JSON,
 * first with {@code "status": "in-progress"} before anything is deleted, then
 * {@code "complete"}; the complete receipt's bytes are what {@code --signing-key} signs.
 * Immutable.
 *
 * @param store      the store directory (absolute)
 * @param host       the host destroy ran on
 * @param started    when destroy began deleting
 * @param completed  when the last file was deleted; null while in progress
 * @param operator   who ran it (--operator)
 * @param method     how (--method)
 * @param bundle     the bundle file (absolute)
 * @param bundleSha256   SHA-256 of the bundle file
 * @param bundleBytes    its size
 * @param manifestSha256 SHA-256 of its MANIFEST.sha256 (as the bundling record names it)
 * @param bundleSignature what became of the manifest's signature (valid, unsigned, not-checked)
 * @param bundleKey  the key id that signed the manifest, or null
 * @param chains     the chains deleted
 * @param storeFiles other files of the store deleted (session.key)
 * @param signingKey the id of the key that signs this receipt, or null
 */
record DestroyReceipt(String store, String host, Instant started, Instant completed, String operator, String method,
        String bundle, String bundleSha256, long bundleBytes, String manifestSha256, String bundleSignature,
        String bundleKey, List<DestroyCoverage.Chain> chains, List<String> storeFiles, String signingKey) {

    /** The {@code format} member; the signature file's tag is derived from it. */
    static final String FORMAT = "govaudit-deletion-receipt-v1";
    /** First word of the detached signature file {@code <receipt>.sig}. */
    static final String SIGNATURE_TAG = "govaudit-receipt-ed25519-v1";

    DestroyReceipt complete(Instant at) {
        return new DestroyReceipt(store, host, started, at, operator, method, bundle, bundleSha256, bundleBytes,
                manifestSha256, bundleSignature, bundleKey, chains, storeFiles, signingKey);
    }

    long records() {
        return chains.stream().mapToLong(DestroyCoverage.Chain::records).sum();
    }

    long bytes() {
        return chains.stream().mapToLong(DestroyCoverage.Chain::bytes).sum();
    }

    int segments() {
        return chains.stream().mapToInt(c -> c.segments().size()).sum();
    }

    /** The receipt as UTF-8 JSON, pretty-printed, ending with a line feed. */
    byte[] json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("status", completed == null ? "in-progress" : "complete");
        root.put("store", store);
        root.put("host", host);
        root.put("started", started.toString());
        root.put("completed", completed == null ? null : completed.toString());
        root.put("operator", operator);
        root.put("method", method);
        ObjectNode b = root.putObject("bundle");
        b.put("file", bundle);
        b.put("sha256", bundleSha256);
        b.put("bytes", bundleBytes);
        b.put("manifest_sha256", manifestSha256);
        b.put("signature", bundleSignature);
        b.put("signing_key", bundleKey);
        ObjectNode q = root.putObject("quantity");
        q.put("chains", chains.size());
        q.put("segments", segments());
        q.put("records", records());
        q.put("bytes", bytes());
        ArrayNode items = root.putArray("chains");
        for (DestroyCoverage.Chain chain : chains) {
            ObjectNode c = items.addObject();
            c.put("chain", chain.chain());
            c.put("records", chain.records());
            c.put("first_seq", chain.firstSeq());
            c.put("last_seq", chain.lastSeq());
            c.put("bytes", chain.bytes());
            ArrayNode segs = c.putArray("segments");
            for (DestroyCoverage.Segment s : chain.segments()) {
                segs.addObject().put("name", s.name()).put("first_seq", s.firstSeq()).put("last_seq", s.lastSeq())
                        .put("bytes", s.bytes()).put("sha256", s.sha256());
            }
            ArrayNode state = c.putArray("state_files");
            chain.stateFiles().forEach(state::add);
            if (chain.afterBundle() > 0) {
                c.putObject("recorded_after_bundle").put("records", chain.afterBundle())
                        .put("first_seq", chain.afterFirstSeq()).put("last_seq", chain.afterLastSeq())
                        .put("what", "the record of making this bundle (AUDIT_LOG_READ, action bundle, "
                                + "manifest_sha256 as above) and its trail's chain start, start and stop");
            }
        }
        ArrayNode files = root.putArray("store_files");
        storeFiles.forEach(files::add);
        root.put("signing_key", signingKey);
        try {
            String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * The detached signature {@code <receipt>.sig}: {@code govaudit-receipt-ed25519-v1 <key id>
     * <base64>} and a line feed, pure Ed25519 over the receipt file's bytes, as the bundle's
     * {@code MANIFEST.sig} (so {@code cut -d' ' -f3 | base64 -d} and {@code openssl pkeyutl
     * -verify -rawin} check it).
     */
    static byte[] signature(Ed25519PrivateKeyParameters key, byte[] receipt) {
        String manifestLine = new String(BundleLayout.signature(key, receipt), StandardCharsets.US_ASCII);
        String rest = manifestLine.substring(BundleLayout.SIGNATURE_TAG.length());
        return (SIGNATURE_TAG + rest).getBytes(StandardCharsets.US_ASCII);
    }

    /** Checks a detached signature against a public key; false when malformed. */
    static boolean verifies(byte[] signatureFile, org.bouncycastle.crypto.params.Ed25519PublicKeyParameters key,
            byte[] receipt) {
        String text = new String(signatureFile, StandardCharsets.US_ASCII);
        if (!text.startsWith(SIGNATURE_TAG + " ")) {
            return false;
        }
        BundleLayout.Signature s = BundleLayout.parseSignature((BundleLayout.SIGNATURE_TAG
                + text.substring(SIGNATURE_TAG.length())).getBytes(StandardCharsets.US_ASCII));
        return s != null && s.keyId().equals(Ed25519Keys.keyId(key)) && s.verifies(key, receipt);
    }
}
