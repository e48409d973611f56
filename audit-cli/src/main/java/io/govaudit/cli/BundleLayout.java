package io.govaudit.cli;

import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.internal.store.SegmentNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The names and small files of a hand-over bundle (docs/format.md section 11): the one place that
 * says which entry names a bundle may hold, and how {@value #MANIFEST} and {@value #SIGNATURE} are
 * written and parsed.
 *
 * <p>Entry names are a closed grammar, checked before anything is read: a name outside it (an
 * absolute path, {@code ..}, a back-slash, a directory entry, an unknown file) is refused, so a
 * bundle that passes cannot write outside its directory when someone unpacks it with
 * {@code unzip}. Stateless.
 */
final class BundleLayout {

    static final String MANIFEST = "MANIFEST.sha256";
    static final String SIGNATURE = "MANIFEST.sig";
    static final String REPORT_JSON = "report.json";
    static final String REPORT_TEXT = "report.txt";
    static final String CHAINS = "chains/";
    static final String ANCHORS = "anchors/";
    static final String KEYS = "keys/";
    static final String ANCHOR_SUFFIX = ".anchors";
    static final String KEY_SUFFIX = ".pub";

    /** The first word of {@value #SIGNATURE}: names the algorithm and the format's version. */
    static final String SIGNATURE_TAG = "govaudit-manifest-ed25519-v1";

    /** A manifest of a million entries is about 120 MB; far more is not one this tool wrote. */
    static final int MAX_ENTRIES = 1_000_000;
    static final long MAX_MANIFEST_BYTES = 256L * 1024 * 1024;
    static final long MAX_SMALL_FILE_BYTES = 64L * 1024 * 1024;

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  ([^\\n]+)");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    private BundleLayout() {
    }

    static String segmentEntry(String chain, String segment) {
        return CHAINS + chain + "/" + segment;
    }

    static String anchorEntry(String chain) {
        return ANCHORS + chain + ANCHOR_SUFFIX;
    }

    static String keyEntry(String keyId) {
        return KEYS + keyId + KEY_SUFFIX;
    }

    /**
     * Tells whether a name is one a bundle may list in its manifest.
     *
     * @param name an entry name
     * @return true for the reports, a segment, an anchor file or a public key named by the grammar
     */
    static boolean isListedName(String name) {
        if (name.equals(REPORT_JSON) || name.equals(REPORT_TEXT)) {
            return true;
        }
        return chainOf(name) != null || anchorChain(name) != null
                || name.startsWith(KEYS) && name.endsWith(KEY_SUFFIX)
                && KEY_ID.matcher(name.substring(KEYS.length(), name.length() - KEY_SUFFIX.length())).matches();
    }

    /** @return the chain of a segment entry {@code chains/<chain>/<segment>}, or null if it is not one */
    static String chainOf(String name) {
        if (!name.startsWith(CHAINS)) {
            return null;
        }
        String rest = name.substring(CHAINS.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String chain = rest.substring(0, slash);
        String segment = rest.substring(slash + 1);
        return SegmentNames.isChainId(chain) && SegmentNames.firstSeq(segment) > 0 ? chain : null;
    }

    /** @return the chain of an anchor entry {@code anchors/<chain>.anchors}, or null */
    static String anchorChain(String name) {
        if (!name.startsWith(ANCHORS) || !name.endsWith(ANCHOR_SUFFIX)) {
            return null;
        }
        String chain = name.substring(ANCHORS.length(), name.length() - ANCHOR_SUFFIX.length());
        return SegmentNames.isChainId(chain) ? chain : null;
    }

    /**
     * Writes the manifest: one line {@code <sha256 hex>  <name>} per entry, sorted by name, as
     * {@code sha256sum} writes and {@code sha256sum -c} reads.
     *
     * @param hashes entry name to lowercase hex SHA-256
     * @return the manifest's bytes (ASCII)
     */
    static byte[] manifest(Map<String, String> hashes) {
        StringBuilder text = new StringBuilder();
        hashes.keySet().stream().sorted().forEach(name -> text.append(hashes.get(name)).append("  ")
                .append(name).append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a manifest.
     *
     * @param bytes    its bytes
     * @param problems where malformed, unsorted or repeated lines and unknown names are reported
     * @return entry name to hex hash, in file order
     */
    static Map<String, String> parseManifest(byte[] bytes, List<String> problems) {
        Map<String, String> hashes = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            problems.add(MANIFEST + " does not end with a line feed: it was cut or changed");
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String previous = "";
        int lineNo = 0;
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            lineNo++;
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !isListedName(m.group(2))) {
                problems.add(MANIFEST + " line " + lineNo + " is not '<sha256 hex>  <entry name>' with a name of "
                        + "the bundle layout: " + shorten(line));
                continue;
            }
            String name = m.group(2);
            if (hashes.put(name, m.group(1)) != null) {
                problems.add(MANIFEST + " line " + lineNo + " lists " + name + " a second time");
            } else if (name.compareTo(previous) <= 0) {
                problems.add(MANIFEST + " line " + lineNo + " (" + name + ") is not in name order");
            }
            previous = name;
        }
        if (hashes.isEmpty()) {
            problems.add(MANIFEST + " lists no entry");
        }
        return hashes;
    }

    /**
     * Writes {@value #SIGNATURE}: {@code govaudit-manifest-ed25519-v1 <key id> <signature>} and a
     * line feed; the signature is pure Ed25519 over the manifest's bytes, standard base64 with
     * padding (so {@code base64 -d} decodes it).
     */
    static byte[] signature(Ed25519PrivateKeyParameters key, byte[] manifest) {
        byte[] raw = Base64.getUrlDecoder().decode(Ed25519Keys.sign(key, manifest));
        String line = SIGNATURE_TAG + " " + Ed25519Keys.keyId(key.generatePublicKey()) + " "
                + Base64.getEncoder().encodeToString(raw) + "\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** A parsed {@value #SIGNATURE}. */
    record Signature(String keyId, byte[] raw) {

        boolean verifies(Ed25519PublicKeyParameters key, byte[] manifest) {
            return Ed25519Keys.verify(key, manifest, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        }
    }

    /**
     * Parses {@value #SIGNATURE}.
     *
     * @return the signature, or null if the file is not in the format
     */
    static Signature parseSignature(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String[] words = text.endsWith("\n") ? text.substring(0, text.length() - 1).split(" ", -1) : new String[0];
        if (words.length != 3 || !words[0].equals(SIGNATURE_TAG) || !KEY_ID.matcher(words[1]).matches()) {
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(words[2]);
            return raw.length == Ed25519PrivateKeyParameters.SIGNATURE_SIZE ? new Signature(words[1], raw) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 120 ? "'" + printable + "'" : "'" + printable.substring(0, 120) + "…'";
    }
}
