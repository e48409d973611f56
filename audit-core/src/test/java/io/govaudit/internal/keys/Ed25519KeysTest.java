package io.govaudit.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.format.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Ed25519 path of signed checkpoints (docs/format.md sections 3-5): RFC 8032 vectors, key ids, PEM files. */
class Ed25519KeysTest {

    @TempDir
    Path dir;

    /** RFC 8032 section 7.1, TEST 1, 2 and 3: secret key, public key, message, signature (hex). */
    @ParameterizedTest(name = "RFC 8032 7.1 {0}")
    @CsvSource({
        "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
                + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
                + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
                + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void signAndVerify_rfc8032Vectors_matchByteForByte(String name, String secretHex, String publicHex,
            String messageHex, String signatureHex) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Hex.decode(secretHex), 0);
        Ed25519PublicKeyParameters publicKey = key.generatePublicKey();
        byte[] message = messageHex == null ? new byte[0] : Hex.decode(messageHex);
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(Hex.decode(signatureHex));

        assertThat(Hex.toHex(publicKey.getEncoded())).isEqualTo(publicHex);
        String signature = Ed25519Keys.sign(key, message);
        assertThat(signature).as("base64url, no padding").isEqualTo(expected).doesNotContain("=", "+", "/");
        assertThat(Ed25519Keys.verify(publicKey, message, signature)).isTrue();
        assertThat(Ed25519Keys.verify(new Ed25519PublicKeyParameters(Hex.decode(publicHex), 0), message, expected))
                .as("verify with the vector's public key bytes").isTrue();

        byte[] other = java.util.Arrays.copyOf(message, message.length + 1);
        assertThat(Ed25519Keys.verify(publicKey, other, signature)).as("another message").isFalse();
        byte[] sig = Base64.getUrlDecoder().decode(signature);
        for (int bit : new int[] {0, 255, 256, 511}) {
            byte[] flipped = sig.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519Keys.verify(publicKey, message,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(flipped))).as("bit %d flipped", bit).isFalse();
        }
        Ed25519PublicKeyParameters stranger = Ed25519Keys.generate(new SecureRandom()).generatePublicKey();
        assertThat(Ed25519Keys.verify(stranger, message, signature)).as("another key").isFalse();
    }

    @Test
    void verify_malformedSignatures_areFalseNotExceptions() {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate(new SecureRandom());
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        String good = Ed25519Keys.sign(key, message);
        Ed25519PublicKeyParameters pub = key.generatePublicKey();
        assertThat(Ed25519Keys.verify(pub, message, "")).isFalse();
        assertThat(Ed25519Keys.verify(pub, message, "not base64!")).isFalse();
        assertThat(Ed25519Keys.verify(pub, message, good.substring(0, good.length() - 2))).as("short").isFalse();
        assertThat(Ed25519Keys.verify(pub, message, good + "AAAA")).as("long").isFalse();
        String standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(good));
        assertThat(Ed25519Keys.verify(pub, message, standard.contains("+") || standard.contains("/") ? standard : good + "="))
                .as("standard base64 or padding is not the wire form").isFalse();
    }

    @Test
    void keyId_isFirst16LowercaseHexOfSha256OverRawPublicKey() throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(
                Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), 0);
        String id = Ed25519Keys.keyId(key.generatePublicKey());
        byte[] raw = Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        String expected = Hex.toHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        assertThat(id).isEqualTo(expected).matches("[0-9a-f]{16}");
        for (int i = 0; i < 20; i++) {
            assertThat(Ed25519Keys.keyId(Ed25519Keys.generate(new SecureRandom()).generatePublicKey()))
                    .matches("[0-9a-f]{16}");
        }
    }

    @Test
    void pem_roundTrip_privateAndPublic() throws IOException {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate(new SecureRandom());
        String privatePem = Ed25519Keys.privatePem(key);
        String publicPem = Ed25519Keys.publicPem(key.generatePublicKey());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        Path priv = Files.writeString(dir.resolve("k.key"), privatePem);
        Path pub = Files.writeString(dir.resolve("k.pub"), publicPem);

        Ed25519PrivateKeyParameters readBack = Ed25519Keys.readPrivate(priv);
        Ed25519PublicKeyParameters pubBack = Ed25519Keys.readPublic(pub);
        assertThat(readBack.getEncoded()).isEqualTo(key.getEncoded());
        assertThat(pubBack.getEncoded()).isEqualTo(key.generatePublicKey().getEncoded());
        byte[] message = "govaudit-checkpoint:v1:c1:1:00:ts".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519Keys.verify(pubBack, message, Ed25519Keys.sign(readBack, message))).isTrue();
        assertThat(Ed25519Keys.decodeRaw(Ed25519Keys.encodeRaw(pubBack)).getEncoded()).isEqualTo(pubBack.getEncoded());
        assertThat(Ed25519Keys.encodeRaw(pubBack)).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void pem_vectorKey_isStandardPkcs8AndSpki() throws IOException {
        // RFC 8410 section 10.3 encodes the RFC 8032 TEST 1 key; the DER prefixes are fixed.
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(
                Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), 0);
        byte[] spki = Base64.getMimeDecoder().decode(Ed25519Keys.publicPem(key.generatePublicKey())
                .replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""));
        assertThat(Hex.toHex(spki)).isEqualTo("302a300506032b6570032100"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] pkcs8 = Base64.getMimeDecoder().decode(Ed25519Keys.privatePem(key)
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        // PKCS#8 v1 or v2 (RFC 5958, which may add the public key): the algorithm and the
        // CurvePrivateKey octet string are the same.
        assertThat(Hex.toHex(pkcs8)).startsWith("30").contains("300506032b6570")
                .contains("04220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    }

    @Test
    void readPem_wrongKindOrGarbage_isRefusedNamingTheFile() throws IOException {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate(new SecureRandom());
        Path pub = Files.writeString(dir.resolve("k.pub"), Ed25519Keys.publicPem(key.generatePublicKey()));
        Path priv = Files.writeString(dir.resolve("k.key"), Ed25519Keys.privatePem(key));
        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> Ed25519Keys.readPrivate(pub)).isInstanceOf(IOException.class).hasMessageContaining("k.pub");
        assertThatThrownBy(() -> Ed25519Keys.readPublic(priv)).isInstanceOf(IOException.class).hasMessageContaining("k.key");
        assertThatThrownBy(() -> Ed25519Keys.readPublic(junk)).isInstanceOf(IOException.class).hasMessageContaining("junk.pem");
    }
}
