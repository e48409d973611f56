package io.govaudit.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.format.EpochKeyDerivation;
import io.govaudit.internal.format.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The epoch key state file and the key evolution of a keyed chain (docs/format.md sections 3-5): the file
 * holds only the current key, a crash between its two writes loses nothing, and a torn file is
 * refused rather than guessed at.
 */
class EpochKeysTest {

    private static final byte[] MESSAGE = "{\"v\":1,\"chain\":\"c1\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final byte[] seed = seed(7);

    private static byte[] seed(long s) {
        byte[] seed = new byte[32];
        new Random(s).nextBytes(seed);
        return seed;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String slot(long epoch, byte[] key) {
        String body = epoch + " " + Hex.toHex(key);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        String text = "govaudit-epoch-v1 " + body + " " + String.format("%08x", crc.getValue());
        return text + " ".repeat(EpochKeys.SLOT - 1 - text.length()) + "\n";
    }

    private static String erased() {
        return " ".repeat(EpochKeys.SLOT - 1) + "\n";
    }

    private Path stateFile() {
        return dir.resolve(EpochKeys.FILE);
    }

    private void writeState(String slot0, String slot1) throws IOException {
        Files.writeString(stateFile(), slot0 + slot1, StandardCharsets.US_ASCII);
    }

    private static void assertKeyIs(EpochKeys keys, byte[] expected) throws Exception {
        assertThat(keys.hasher().mac(MESSAGE, 0, MESSAGE.length)).isEqualTo(hmac(expected, MESSAGE));
    }

    @Test
    void keyOf_equalsNStepsOfNext_andNextIsHmacOfTheLabel() throws Exception {
        assertThat(EpochKeyDerivation.keyOf(seed, 0)).isEqualTo(seed).isNotSameAs(seed);
        byte[] key = seed.clone();
        for (int n = 1; n <= 40; n++) {
            byte[] expected = hmac(key, "govaudit-epoch".getBytes(StandardCharsets.UTF_8));
            assertThat(EpochKeyDerivation.next(key)).as("next at %d", n).isEqualTo(expected);
            key = expected;
            assertThat(EpochKeyDerivation.keyOf(seed, n)).as("keyOf(seed, %d)", n).isEqualTo(key);
        }
        byte[] before = seed.clone();
        EpochKeyDerivation.keyOf(seed, 5);
        EpochKeyDerivation.next(seed);
        assertThat(seed).as("the seed is not modified").isEqualTo(before);
    }

    @Test
    void open_withSeed_createsA0600StateAtEpochZeroWithOneValidSlot() throws Exception {
        try (EpochKeys keys = EpochKeys.open(dir, seed)) {
            assertThat(keys.epoch()).isZero();
            assertThat(keys.hasher().epoch()).isZero();
            assertKeyIs(keys, seed);
        }
        assertThat(Files.size(stateFile())).isEqualTo(2L * EpochKeys.SLOT);
        assertThat(Files.getPosixFilePermissions(stateFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = Files.readString(stateFile(), StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo(slot(0, seed) + erased());
        assertThat(EpochKeys.exists(dir)).isTrue();
    }

    @Test
    void open_withoutStateOrSeed_isRefused() {
        assertThatThrownBy(() -> EpochKeys.open(dir, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("no HMAC seed");
        assertThat(EpochKeys.exists(dir)).isFalse();
    }

    @Test
    void advance_writesTheNextKeyAndErasesTheOldSlot() throws Exception {
        try (EpochKeys keys = EpochKeys.open(dir, seed)) {
            for (int e = 1; e <= 5; e++) {
                keys.advance();
                assertThat(keys.epoch()).isEqualTo(e);
                assertThat(keys.hasher().epoch()).isEqualTo(e);
                assertKeyIs(keys, EpochKeyDerivation.keyOf(seed, e));
                String text = Files.readString(stateFile(), StandardCharsets.US_ASCII);
                assertThat(text).hasSize(2 * EpochKeys.SLOT);
                String expected = e % 2 == 1 ? erased() + slot(e, EpochKeyDerivation.keyOf(seed, e))
                        : slot(e, EpochKeyDerivation.keyOf(seed, e)) + erased();
                assertThat(text).as("after advancing to epoch %d", e).isEqualTo(expected);
                for (int old = 0; old < e; old++) {
                    assertThat(text).as("key of epoch %d is gone from the file", old)
                            .doesNotContain(Hex.toHex(EpochKeyDerivation.keyOf(seed, old)));
                }
            }
        }
        try (EpochKeys reopened = EpochKeys.open(dir, null)) {
            assertThat(reopened.epoch()).isEqualTo(5);
            assertKeyIs(reopened, EpochKeyDerivation.keyOf(seed, 5));
        }
        try (EpochKeys reopened = EpochKeys.open(dir, seed(99))) {
            assertThat(reopened.epoch()).as("an existing state wins over a seed given again").isEqualTo(5);
            assertKeyIs(reopened, EpochKeyDerivation.keyOf(seed, 5));
        }
    }

    @Test
    void open_crashBetweenTheTwoWrites_highestValidSlotWins() throws Exception {
        byte[] k3 = EpochKeyDerivation.keyOf(seed, 3);
        byte[] k4 = EpochKeyDerivation.keyOf(seed, 4);
        writeState(slot(3, k3), slot(4, k4));
        try (EpochKeys keys = EpochKeys.open(dir, null)) {
            assertThat(keys.epoch()).isEqualTo(4);
            assertKeyIs(keys, k4);
            keys.advance();
            assertThat(Files.readString(stateFile(), StandardCharsets.US_ASCII))
                    .as("advancing from slot 1 writes slot 0 and erases slot 1")
                    .isEqualTo(slot(5, EpochKeyDerivation.keyOf(seed, 5)) + erased());
        }
        writeState(slot(4, k4), slot(3, k3));
        try (EpochKeys keys = EpochKeys.open(dir, null)) {
            assertThat(keys.epoch()).isEqualTo(4);
            assertKeyIs(keys, k4);
            keys.advance();
            assertThat(Files.readString(stateFile(), StandardCharsets.US_ASCII))
                    .isEqualTo(erased() + slot(5, EpochKeyDerivation.keyOf(seed, 5)));
        }
    }

    @Test
    void open_oneSlotTornTheOtherValid_usesTheValidOne() throws Exception {
        byte[] k3 = EpochKeyDerivation.keyOf(seed, 3);
        byte[] k4 = EpochKeyDerivation.keyOf(seed, 4);
        String torn = slot(4, k4).substring(0, 60) + " ".repeat(EpochKeys.SLOT - 61) + "\n";
        writeState(slot(3, k3), torn);
        try (EpochKeys keys = EpochKeys.open(dir, null)) {
            assertThat(keys.epoch()).as("a torn write of epoch 4 leaves epoch 3 in force").isEqualTo(3);
            assertKeyIs(keys, k3);
        }
        // A half-erased old slot (crash during the erase) next to the new one.
        String halfErased = " ".repeat(50) + slot(3, k3).substring(50);
        writeState(halfErased, slot(4, k4));
        try (EpochKeys keys = EpochKeys.open(dir, null)) {
            assertThat(keys.epoch()).isEqualTo(4);
            assertKeyIs(keys, k4);
        }
        // A bad CRC (one key digit changed) makes a slot invalid.
        char[] bad = slot(9, EpochKeyDerivation.keyOf(seed, 9)).toCharArray();
        int digit = "govaudit-epoch-v1 9 ".length();
        bad[digit] = bad[digit] == '0' ? '1' : '0';
        writeState(new String(bad), slot(4, k4));
        try (EpochKeys keys = EpochKeys.open(dir, null)) {
            assertThat(keys.epoch()).isEqualTo(4);
        }
    }

    @Test
    void open_tornStateFile_isRefusedWithAClearMessage() throws Exception {
        byte[] k4 = EpochKeyDerivation.keyOf(seed, 4);
        String torn = slot(4, k4).substring(0, 70);
        for (String content : new String[] {
            "",
            torn,
            erased() + erased(),
            erased() + torn,
            "\0".repeat(2 * EpochKeys.SLOT),
            "garbage that is not a slot\n",
        }) {
            Files.writeString(stateFile(), content, StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> EpochKeys.open(dir, null).close())
                    .as("state %s", content.length() > 20 ? content.substring(0, 20) + "..." : content)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(EpochKeys.FILE)
                    .hasMessageContaining("no valid epoch key")
                    .hasMessageNotContaining(Hex.toHex(k4).substring(0, 16));
            assertThatThrownBy(() -> EpochKeys.open(dir, seed).close())
                    .as("a seed does not silently restart a keyed chain at epoch 0")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void close_leavesTheFileUsableAndDoesNotAdvance() throws Exception {
        try (EpochKeys keys = EpochKeys.open(dir, seed)) {
            keys.advance();
        }
        byte[] before = Files.readAllBytes(stateFile());
        EpochKeys.open(dir, null).close();
        assertThat(Files.readAllBytes(stateFile())).isEqualTo(before);
        assertThat(Arrays.equals(before, new byte[before.length])).isFalse();
    }
}
