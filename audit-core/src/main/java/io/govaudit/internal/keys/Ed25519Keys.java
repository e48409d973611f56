package io.govaudit.internal.keys;

import io.govaudit.internal.format.Hex;
import io.govaudit.internal.format.RecordFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Ed25519 keys for signed checkpoints, through BouncyCastle's lightweight API (docs/format.md
 * sections 4c-4d): PEM files (PKCS#8 private, X.509 SubjectPublicKeyInfo public), key ids (the first
 * 16 hex characters of SHA-256 over the raw 32-byte public key), signing and verification.
 * Signatures travel as base64url without padding. Stateless and thread-safe.
 */
public final class Ed25519Keys {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    /**
     * Generates a key pair.
     *
     * @param random the randomness
     * @return the private key (its public key via {@link Ed25519PrivateKeyParameters#generatePublicKey()})
     */
    public static Ed25519PrivateKeyParameters generate(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random);
    }

    /**
     * Returns the key id of a public key.
     *
     * @param publicKey the key
     * @return 16 lowercase hex characters
     */
    public static String keyId(Ed25519PublicKeyParameters publicKey) {
        MessageDigest sha256 = RecordFormat.sha256();
        return Hex.toHex(sha256.digest(publicKey.getEncoded())).substring(0, 16);
    }

    /**
     * Signs a message.
     *
     * @param key     the private key
     * @param message the message
     * @return the signature, base64url without padding
     */
    public static String sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }

    /**
     * Verifies a signature.
     *
     * @param key       the public key
     * @param message   the message
     * @param signature base64url without padding
     * @return true if valid; false also for a malformed signature
     */
    public static boolean verify(Ed25519PublicKeyParameters key, byte[] message, String signature) {
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sig.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(sig);
    }

    /** @return the raw public key, base64url without padding (as carried by {@code KEY_ROTATION}) */
    public static String encodeRaw(Ed25519PublicKeyParameters key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getEncoded());
    }

    /**
     * Decodes a raw public key.
     *
     * @param base64url 32 bytes, base64url without padding
     * @return the key
     * @throws IllegalArgumentException if malformed
     */
    public static Ed25519PublicKeyParameters decodeRaw(String base64url) {
        byte[] raw = Base64.getUrlDecoder().decode(base64url);
        if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, this one " + raw.length);
        }
        return new Ed25519PublicKeyParameters(raw, 0);
    }

    /**
     * Reads a PKCS#8 PEM private key.
     *
     * @param file the PEM file
     * @return the key
     * @throws IOException if unreadable or not an Ed25519 private key
     */
    public static Ed25519PrivateKeyParameters readPrivate(Path file) throws IOException {
        byte[] der = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE, file);
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(der);
            if (key instanceof Ed25519PrivateKeyParameters ed) {
                return ed;
            }
            throw new IOException(file + " holds a " + key.getClass().getSimpleName() + ", not an Ed25519 private key");
        } catch (RuntimeException e) { // BouncyCastle reports malformed DER unchecked
            throw new IOException(file + " does not hold a valid PKCS#8 private key", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Reads an X.509 SubjectPublicKeyInfo PEM public key.
     *
     * @param file the PEM file
     * @return the key
     * @throws IOException if unreadable or not an Ed25519 public key
     */
    public static Ed25519PublicKeyParameters readPublic(Path file) throws IOException {
        byte[] der = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), PUBLIC, file);
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(der);
        } catch (RuntimeException e) { // BouncyCastle reports malformed DER unchecked
            throw new IOException(file + " does not hold a valid SubjectPublicKeyInfo public key", e);
        }
        if (key instanceof Ed25519PublicKeyParameters ed) {
            return ed;
        }
        throw new IOException(file + " holds a " + key.getClass().getSimpleName() + ", not an Ed25519 public key");
    }

    /**
     * Encodes a private key as PKCS#8 PEM.
     *
     * @param key the key
     * @return the PEM text
     * @throws IOException if encoding fails
     */
    public static String privatePem(Ed25519PrivateKeyParameters key) throws IOException {
        return Pem.encode(PRIVATE, PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded());
    }

    /**
     * Encodes a public key as X.509 SubjectPublicKeyInfo PEM.
     *
     * @param key the key
     * @return the PEM text
     * @throws IOException if encoding fails
     */
    public static String publicPem(Ed25519PublicKeyParameters key) throws IOException {
        return Pem.encode(PUBLIC, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded());
    }
}
