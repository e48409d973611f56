package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A keyed, signed store written by {@code generate}, its keys, and a signed bundle of it, for the
 * destroy tests; and a snapshot of every file of the store, to show that a refusal deleted nothing.
 */
final class DestroyFixture {

    final Path tmp;
    final Path keys;

    DestroyFixture(Path tmp) {
        this.tmp = tmp;
        this.keys = tmp.resolve("keys");
        assertThat(CliRun.of("keygen", "--out", keys.toString()).exit()).isZero();
        generate("demo", 100);
    }

    Path store() {
        return tmp.resolve("store");
    }

    Path zip() {
        return tmp.resolve("handover.zip");
    }

    String publicKey() {
        return keys.resolve(KeygenCommand.PUBLIC_KEY).toString();
    }

    String privateKey() {
        return keys.resolve(KeygenCommand.PRIVATE_KEY).toString();
    }

    String seed() {
        return keys.resolve(KeygenCommand.SEED).toString();
    }

    void generate(String chain, int count) {
        CliRun run = CliRun.of("generate", store().toString(), "--chain", chain, "--count", String.valueOf(count),
                "--hmac-seed", seed(), "--sign-key", privateKey(), "--checkpoint-every", "10", "--segment-bytes",
                "16384");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    void bundle() {
        CliRun run = CliRun.of("bundle", store().toString(), "--out", zip().toString(), "--hmac-seed", seed(),
                "--public-key", publicKey(), "--signing-key", privateKey());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
    }

    CliRun destroy(Path receipt, String... more) {
        List<String> args = new ArrayList<>(List.of("destroy", store().toString(), "--bundle", zip().toString(),
                "--operator", "A123456 王小明", "--receipt", receipt.toString(), "--public-key", publicKey(),
                "--hmac-seed", seed()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Every file under the store with its SHA-256. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(store())) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(store().relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
