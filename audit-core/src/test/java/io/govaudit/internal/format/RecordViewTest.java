package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-place reader of stored lines, on lines written by {@link ChainEncoder}. */
class RecordViewTest {

    private static final String BODY = "\"type\":\"LOGIN\",\"outcome\":\"SUCCESS\",\"actor\":{\"id\":\"A1\"},"
            + "\"where\":{\"system\":\"sys\"}";
    private static final Instant TS = Instant.parse("2026-05-01T08:00:00.123456Z");

    private final RecordView view = new RecordView();
    private final MessageDigest sha256 = RecordFormat.sha256();
    private List<String> lines;

    @BeforeEach
    void encodeChain() {
        ChainEncoder chain = new ChainEncoder("node-1", 0, RecordFormat.GENESIS_PREV);
        LineBuffer buffer = new LineBuffer(16);
        for (int i = 0; i < 3; i++) {
            chain.append(buffer, BODY.getBytes(StandardCharsets.UTF_8), TS.plusSeconds(i));
        }
        String text = new String(buffer.data(), 0, buffer.size(), StandardCharsets.UTF_8);
        lines = new ArrayList<>(List.of(text.split("\n")));
    }

    private boolean parse(String line) {
        byte[] bytes = ("garbage" + line + "more").getBytes(StandardCharsets.UTF_8);
        return view.parse(bytes, 7, bytes.length - 11);
    }

    @Test
    void parse_encodedRecord_readsChainMembers() {
        assertThat(parse(lines.get(1))).as(view.error()).isTrue();
        assertThat(view.error()).isNull();
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.hashIsPublic()).isTrue();
        assertThat(view.hasMac()).isFalse();
        assertThat(view.chain()).isEqualTo("node-1");
        assertThat(view.chainEquals("node-1".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(view.chainEquals("node-2".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(view.seq()).isEqualTo(2);
        assertThat(view.type()).isEqualTo("LOGIN");
        assertThat(view.ts()).isEqualTo(TS.plusSeconds(1));
        byte[] hash = new byte[64];
        view.copyHash(hash);
        assertThat(lines.get(1)).endsWith(",\"hash\":\"" + new String(hash, StandardCharsets.US_ASCII) + "\"}");
    }

    @Test
    void hashValidAndPrevEquals_intactChain_linkEveryRecordToTheOneBefore() {
        byte[] prev = RecordFormat.GENESIS_PREV.getBytes(StandardCharsets.US_ASCII);
        for (String line : lines) {
            assertThat(parse(line)).isTrue();
            assertThat(view.hashValid(sha256)).isTrue();
            assertThat(view.prevEquals(prev)).isTrue();
            prev = new byte[64];
            view.copyHash(prev);
        }
    }

    @Test
    void hashValid_oneByteChangedInBody_isFalse() {
        assertThat(parse(lines.get(0).replace("\"A1\"", "\"B1\""))).isTrue();
        assertThat(view.hashValid(sha256)).isFalse();
        assertThat(parse(lines.get(0))).isTrue();
        assertThat(view.hashValid(sha256)).as("digest is reset after use").isTrue();
    }

    @Test
    void prevEquals_otherHash_isFalse() {
        assertThat(parse(lines.get(2))).isTrue();
        assertThat(view.prevEquals(RecordFormat.GENESIS_PREV.getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void compareTs_laterRecord_comparesAsTime() {
        assertThat(parse(lines.get(0))).isTrue();
        byte[] first = new byte[Timestamps.LENGTH];
        view.copyTs(first);
        assertThat(parse(lines.get(2))).isTrue();
        assertThat(view.compareTs(first)).isPositive();
    }

    @Test
    void parse_otherVersion_failsAndReportsTheVersion() {
        assertThat(parse(lines.get(0).replace("{\"v\":2,", "{\"v\":3,"))).isFalse();
        assertThat(view.version()).isEqualTo(3);
        assertThat(view.error()).contains("version 3");
    }

    private static final byte[] KEY = new byte[32];

    private static String keyedLine(int epoch) {
        ChainEncoder chain = new ChainEncoder("node-1", 0, RecordFormat.GENESIS_PREV, RecordHasher.keyed(epoch, KEY));
        LineBuffer buffer = new LineBuffer(16);
        chain.append(buffer, BODY.getBytes(StandardCharsets.UTF_8), TS);
        return new String(buffer.data(), 0, buffer.size() - 1, StandardCharsets.UTF_8);
    }

    private static javax.crypto.Mac mac(byte[] key) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }

    @Test
    void parse_keyedVersion2Record_readsEpAndMac_andItsHashIsPublicSha256() throws Exception {
        String line = keyedLine(7);
        assertThat(line).contains(",\"ep\":7,\"prev\":\"" + RecordFormat.GENESIS_PREV + "\",\"mac\":\"");
        assertThat(parse(line)).as(view.error()).isTrue();
        assertThat(view.ep()).isEqualTo(7);
        assertThat(view.hasMac()).isTrue();
        assertThat(view.hashIsPublic()).isTrue();
        assertThat(view.hashValid(sha256)).isTrue();
        assertThat(view.prev()).isEqualTo(RecordFormat.GENESIS_PREV);
        assertThat(view.macValid(mac(KEY))).isTrue();
        assertThat(view.macValid(mac(EpochKeyDerivation.next(KEY)))).as("another epoch's key").isFalse();
        String m = line.substring(0, line.indexOf(",\"mac\":\""));
        assertThat(line).contains("\"mac\":\"" + Hex.toHex(mac(KEY).doFinal(m.getBytes(StandardCharsets.UTF_8))) + "\"");
    }

    @Test
    void parse_keyedVersion2RecordWithEpButNoMac_orMacButNoEp_fails() {
        String line = keyedLine(3);
        String noMac = line.replaceFirst(",\"mac\":\"[0-9a-f]{64}\"", "");
        assertThat(parse(noMac)).isFalse();
        assertThat(view.error()).contains("ep without mac");
        String noEp = line.replace(",\"ep\":3,", ",");
        assertThat(parse(noEp)).isFalse();
        assertThat(view.error()).contains("mac without ep");
        assertThat(parse(line.replaceFirst("\"mac\":\"[0-9a-f]", "\"mac\":\"X"))).isFalse();
        assertThat(view.error()).contains("mac");
    }

    @Test
    void parse_version1Records_plainHashIsPublic_keyedHashIsTheMac() throws Exception {
        String plain = lines.get(0).replace("{\"v\":2,", "{\"v\":1,");
        assertThat(parse(plain)).as(view.error()).isTrue();
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.hashIsPublic()).isTrue();

        String keyed = keyedLine(2).replace("{\"v\":2,", "{\"v\":1,");
        assertThat(parse(keyed)).as("a version 1 record has no mac member").isFalse();
        String p = keyed.substring(0, keyed.indexOf(",\"mac\":\""));
        String v1 = p + ",\"hash\":\"" + Hex.toHex(mac(KEY).doFinal(p.getBytes(StandardCharsets.UTF_8))) + "\"}";
        assertThat(parse(v1)).as(view.error()).isTrue();
        assertThat(view.ep()).isEqualTo(2);
        assertThat(view.hasMac()).isFalse();
        assertThat(view.hashIsPublic()).isFalse();
        assertThat(view.macValid(mac(KEY))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "{}", "{\"v\":\"1\"", "{\"v\":1}", "{\"v\":1,\"chain\":\"\",\"seq\":1",
        "SEQ:0", "SEQ:01", "SEQ:1234567890123456789", "SEQ:-1", "TS:2026-05-01T08:00:00.123456+", "TS:2026-05-01",
        "TS:2026-13-01T08:00:00.123456Z", "TS:2026-02-30T08:00:00.123456Z", "TS:2026-05-01T08:60:00.123456Z",
        "TS:2026-05-01T08:00:00.12345xZ", "TYPE:", "HASH:ABCDEF", "PREV:xyz", "CUT:1", "CUT:80", "APPEND:,\"x\":1",
        "APPEND: ", "NOPREV"})
    void parse_malformedLine_failsWithAReason(String mutation) {
        String line = mutate(lines.get(0), mutation);
        assertThat(parse(line)).as(line).isFalse();
        assertThat(view.error()).as(line).isNotBlank();
    }

    private static String mutate(String line, String mutation) {
        int colon = mutation.indexOf(':');
        if (colon < 0 && !mutation.equals("NOPREV")) {
            return mutation;
        }
        String arg = colon < 0 ? "" : mutation.substring(colon + 1);
        switch (colon < 0 ? mutation : mutation.substring(0, colon)) {
            case "SEQ":
                return line.replace("\"seq\":1,", "\"seq\":" + arg + ",");
            case "TS":
                return line.replace("2026-05-01T08:00:00.123456Z", arg);
            case "TYPE":
                return line.replace("\"LOGIN\"", "\"" + arg + "\"");
            case "HASH":
                return line.substring(0, line.length() - 2 - arg.length()) + arg + "\"}";
            case "PREV":
                return line.replace("\"prev\":\"000", "\"prev\":\"" + arg);
            case "CUT":
                return line.substring(0, line.length() - Integer.parseInt(arg));
            case "APPEND":
                return line.substring(0, line.length() - 1) + arg + "}";
            case "NOPREV":
                return line.replaceFirst(",\"prev\":\"0{64}\"", "");
            default:
                return mutation;
        }
    }

    @Test
    void indexOfNewline_everyPositionAndWindow_findsTheFirstLineEndLikeAByteLoop() {
        java.util.Random random = new java.util.Random(42);
        byte[] bytes = new byte[100];
        for (int round = 0; round < 200; round++) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n' || random.nextInt(4) == 0) {
                    // bytes that differ from '\n' in one bit or are near it, the cases a broken SWAR test confuses
                    byte[] near = {0x0B, 0x09, (byte) 0x8A, 0x00, 0x1A, 0x0A ^ 0x01, (byte) 0xFF};
                    bytes[i] = near[random.nextInt(near.length)];
                }
            }
            int newlines = random.nextInt(4);
            for (int k = 0; k < newlines; k++) {
                bytes[random.nextInt(bytes.length)] = '\n';
            }
            for (int from = 0; from <= bytes.length; from += 1 + random.nextInt(9)) {
                for (int to = from; to <= bytes.length; to += 1 + random.nextInt(13)) {
                    assertThat(RecordView.indexOfNewline(bytes, from, to)).as("from %d to %d", from, to)
                            .isEqualTo(byteLoop(bytes, from, to));
                }
            }
        }
    }

    private static int byteLoop(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void compareTs_randomTimestamps_ordersLikeTheirText() {
        java.util.Random random = new java.util.Random(9);
        byte[] line = lines.get(0).getBytes(StandardCharsets.UTF_8);
        assertThat(view.parse(line, 0, line.length)).isTrue();
        byte[] own = new byte[Timestamps.LENGTH];
        view.copyTs(own);
        for (int round = 0; round < 20_000; round++) {
            byte[] other = own.clone();
            for (int k = random.nextInt(3); k >= 0; k--) {
                other[random.nextInt(other.length)] = (byte) ('0' + random.nextInt(10));
            }
            assertThat(Integer.signum(view.compareTs(other)))
                    .isEqualTo(Integer.signum(java.util.Arrays.compare(own, other)));
        }
    }

    @Test
    void parse_timestampWithAnyByteChanged_acceptsOnlyDigitsInDigitPlaces() {
        String line = lines.get(0);
        int tsAt = line.indexOf("\"ts\":\"") + 6;
        String shape = "9999-99-99T99:99:99.999999Z";
        java.util.Set<Integer> rangeChecked = java.util.Set.of(5, 6, 8, 9, 11, 14, 17); // month, day, h, m, s
        for (int position = 0; position < shape.length(); position++) {
            boolean digitPlace = shape.charAt(position) == '9';
            for (int b = 0; b < 256; b++) {
                boolean digit = b >= '0' && b <= '9';
                if (digit && rangeChecked.contains(position)) {
                    continue; // a digit there may be out of range; only the shape is under test
                }
                byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
                boolean expected = digitPlace ? digit : b == bytes[tsAt + position];
                bytes[tsAt + position] = (byte) b;
                assertThat(view.parse(bytes, 0, bytes.length)).as("byte %d at %d", b, position).isEqualTo(expected);
            }
        }
    }
}
