package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.VerificationReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Does a verified bundle hold every record of the store ({@code destroy}, S10)? Segment by
 * segment: each segment file of the store must be in the bundle with the same SHA-256 (same bytes,
 * so the same records up to the same last seq and head hash). The one exception is the record of
 * making this very bundle: {@code bundle} writes it into the reader chain after the zip is
 * complete, so a segment may extend its bundled copy (the bundled bytes a prefix of it), or a
 * segment may be missing from the bundle, when every record beyond the bundle is
 * {@code CHAIN_START}, {@code TRAIL_START}, {@code TRAIL_STOP} or the {@code AUDIT_LOG_READ} (action {@code bundle})
 * naming this bundle's manifest SHA-256, and there is such a record. Anything else is a record
 * the bundle does not hold: refused. Stateless.
 */
final class DestroyCoverage {

    /** Record types the trail that records a bundling writes around it. */
    private static final Set<String> TRAIL_TYPES = Set.of("CHAIN_START", "TRAIL_START", "TRAIL_STOP");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One segment file to delete; its seq range from its name and the next segment's. */
    record Segment(String name, long firstSeq, long lastSeq, long bytes, String sha256) {
    }

    /** One chain to delete; {@code afterBundle} records (seq range) are the bundling's own record. */
    record Chain(String chain, long records, long firstSeq, long lastSeq, List<Segment> segments,
            List<String> stateFiles, long afterBundle, long afterFirstSeq, long afterLastSeq) {

        long bytes() {
            return segments.stream().mapToLong(Segment::bytes).sum();
        }
    }

    /** The chains, and every record of the store the bundle does not hold (empty when covered). */
    record Result(List<Chain> chains, List<String> problems) {
    }

    private DestroyCoverage() {
    }

    static Result check(DestroyFiles files, VerificationReport store, ZipFile zip, Map<String, String> manifest,
            String manifestSha256) throws IOException {
        List<Chain> chains = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ChainReport report : store.chains()) {
            DestroyFiles.ChainFiles chain = files.chains().get(report.chain());
            if (chain == null) {
                problems.add("chain '" + report.chain() + "' was verified but is not a directory of the store");
                continue;
            }
            chains.add(chain(chain, report, zip, manifest, manifestSha256, problems));
        }
        return new Result(chains, problems);
    }

    private static Chain chain(DestroyFiles.ChainFiles files, ChainReport report, ZipFile zip,
            Map<String, String> manifest, String manifestSha256, List<String> problems) throws IOException {
        List<Segment> segments = new ArrayList<>();
        List<JsonNode> after = new ArrayList<>();
        List<Path> paths = files.segments();
        for (int i = 0; i < paths.size(); i++) {
            Path file = paths.get(i);
            String name = file.getFileName().toString();
            long size = Files.size(file);
            String sha = sha256(file, size);
            long first = Math.max(SegmentNames.firstSeq(name), report.firstSeq());
            long last = i + 1 < paths.size() ? SegmentNames.firstSeq(paths.get(i + 1).getFileName().toString()) - 1
                    : report.lastSeq();
            segments.add(new Segment(name, first, last, size, sha));
            String entryName = BundleLayout.segmentEntry(files.chain(), name);
            String listed = manifest.get(entryName);
            if (sha.equals(listed)) {
                continue;
            }
            ZipEntry entry = zip.getEntry(entryName);
            long bundled = listed == null || entry == null ? 0 : entry.getSize();
            boolean gz = name.endsWith(".gz");
            if (listed != null && (gz || bundled > size || !sha256(file, bundled).equals(listed))) {
                problems.add("chain '" + files.chain() + "' segment " + name + " differs from its copy in the bundle "
                        + "(the store changed after the bundle was made): make a new bundle");
                continue;
            }
            after.addAll(lines(file, bundled, gz));
        }
        long[] range = afterBundle(files.chain(), after, manifestSha256, problems);
        return new Chain(files.chain(), report.records(), report.firstSeq(), report.lastSeq(), segments,
                files.stateFiles(), after.size(), range[0], range[1]);
    }

    /** Checks the records beyond the bundle; returns their seq range, {0, 0} when none. */
    private static long[] afterBundle(String chain, List<JsonNode> after, String manifestSha256,
            List<String> problems) {
        if (after.isEmpty()) {
            return new long[] {0, 0};
        }
        boolean bundling = false;
        int before = problems.size();
        for (JsonNode record : after) {
            String type = record.path("type").asText("");
            JsonNode detail = record.path("detail");
            if (type.equals("AUDIT_LOG_READ") && detail.path("action").asText("").equals("bundle")
                    && detail.path("manifest_sha256").asText("").equals(manifestSha256)) {
                bundling = true;
            } else if (!TRAIL_TYPES.contains(type) && problems.size() - before < 5) {
                problems.add("chain '" + chain + "' seq " + record.path("seq").asLong() + " ("
                        + BundleLayout.shorten(type.isEmpty() ? "no type" : type) + ") is not in the bundle: it was "
                        + "written after the bundle was made; make a new bundle");
            }
        }
        if (!bundling && problems.size() == before) {
            problems.add("chain '" + chain + "' has " + after.size() + " record(s) from seq "
                    + after.get(0).path("seq").asLong() + " that are not in the bundle and do not record its making; "
                    + "make a new bundle");
        }
        return new long[] {after.get(0).path("seq").asLong(), after.get(after.size() - 1).path("seq").asLong()};
    }

    private static List<JsonNode> lines(Path file, long skip, boolean gz) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file)) {
            raw.skipNBytes(skip);
            InputStream in = gz ? new GZIPInputStream(raw) : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null;) {
                if (!line.isBlank()) {
                    try {
                        records.add(JSON.readTree(line));
                    } catch (IOException e) {
                        records.add(JSON.createObjectNode().put("type", "unreadable line"));
                    }
                }
            }
        }
        return records;
    }

    /** SHA-256 of the first {@code length} bytes of a file. */
    static String sha256(Path file, long length) throws IOException {
        MessageDigest sha = BundleCheck.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0;) {
                sha.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
