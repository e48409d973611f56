package io.govaudit.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** Reads what a file-store trail wrote, and writes key files, for the property tests. */
final class TrailFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrailFiles() {
    }

    /** @return every record of a chain's plain segments, in file-name (seq) order */
    static List<JsonNode> records(Path store, String chain) {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(store.resolve(chain))) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(segment)) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** @return the detail of the chain's last TRAIL_START record */
    static JsonNode trailStart(Path store, String chain) {
        List<JsonNode> starts = records(store, chain).stream()
                .filter(r -> r.path("type").asText().equals("TRAIL_START")).toList();
        if (starts.isEmpty()) {
            throw new AssertionError("no TRAIL_START in chain " + chain);
        }
        return starts.get(starts.size() - 1).path("detail");
    }

    /** @return the records of one type */
    static List<JsonNode> ofType(Path store, String chain, String type) {
        return records(store, chain).stream().filter(r -> r.path("type").asText().equals(type)).toList();
    }

    /**
     * Writes a new Ed25519 key pair as PEM files (private 0600), as audit-cli keygen does.
     *
     * @return the private key file; the public one is beside it with suffix .pub
     */
    static Path signingKey(Path dir, String name) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path key = dir.resolve(name + ".key");
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve(name + ".pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a 32-byte HMAC seed, 64 lowercase hex characters, 0600. */
    static Path hmacSeed(Path dir) {
        try {
            Path seed = Files.writeString(dir.resolve("hmac.seed"), "0123456789abcdef".repeat(4) + "\n");
            Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-------"));
            return seed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
