package io.govaudit.cli;

import io.govaudit.internal.keys.Ed25519Keys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli keygen --out DIR}: creates the key material of a keyed, signed chain
 * (docs/format.md sections 3-5) and says where each file belongs.
 *
 * <ul>
 * <li>{@value #PRIVATE_KEY}: the Ed25519 checkpoint signing key, PKCS#8 PEM; stays on the host.
 * <li>{@value #PUBLIC_KEY}: its public key, X.509 SubjectPublicKeyInfo PEM; for the auditor.
 * <li>{@value #SEED}: the HMAC seed, 32 random bytes as 64 lowercase hex characters and a
 *     newline; the auditor keeps it offline, the host deletes it after the trail's first start.
 * </ul>
 *
 * <p>Files: the directory is created 0700 if missing; each file is created 0600 with
 * {@code CREATE_NEW}, so an existing key is never overwritten: if any of the three exists the
 * command writes nothing and exits 2 naming them. On a file system without POSIX permissions the
 * files get its defaults and a note says so.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Creates a checkpoint signing key pair and an HMAC chain seed, all 0600.",
            "Existing files are never overwritten."},
        footer = {"", "Where the files go (see docs/keys.md):",
            "  " + KeygenCommand.SEED + "          to the auditor, offline; delete it from the",
            "                          host after the trail's first start (the host",
            "                          then keeps only epoch.key)",
            "  " + KeygenCommand.PUBLIC_KEY + "   to the auditor (verify --public-key)",
            "  " + KeygenCommand.PRIVATE_KEY + "  stays on the host, 0600 (generate --sign-key)",
            "  anchors (--anchors DIR)  on another disk or host",
            "", "Exit status: 0 written; 2 a file exists already, usage or I/O error."})
final class KeygenCommand implements Callable<Integer> {

    static final String PRIVATE_KEY = "checkpoint-private.pem";
    static final String PUBLIC_KEY = "checkpoint-public.pem";
    static final String SEED = "chain-seed.hex";
    static final int SEED_BYTES = 32;

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for the three files; created 0700 if missing.")
    Path out;

    @Override
    public Integer call() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        createDirectory(posix);
        refuseExisting();
        SecureRandom random = new SecureRandom();
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate(random);
        String keyId = Ed25519Keys.keyId(key.generatePublicKey());
        write(PRIVATE_KEY, Ed25519Keys.privatePem(key).getBytes(StandardCharsets.US_ASCII), posix);
        write(PUBLIC_KEY, Ed25519Keys.publicPem(key.generatePublicKey()).getBytes(StandardCharsets.US_ASCII), posix);
        writeSeed(random, posix);
        print(keyId, posix);
        return AuditCli.EXIT_OK;
    }

    private void createDirectory(boolean posix) throws IOException {
        if (Files.isDirectory(out)) {
            return;
        }
        if (Files.exists(out)) {
            throw new CliFailure("--out " + out + " exists and is not a directory");
        }
        if (posix) {
            Files.createDirectories(out, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(out, DIR_MODE); // the umask may have taken bits away
        } else {
            Files.createDirectories(out);
        }
    }

    /** Checks all three first, so a refusal writes nothing and names every file in the way. */
    private void refuseExisting() {
        List<Path> existing = List.of(PRIVATE_KEY, PUBLIC_KEY, SEED).stream().map(out::resolve)
                .filter(Files::exists).collect(Collectors.toList());
        if (!existing.isEmpty()) {
            throw new CliFailure("refusing to overwrite " + existing.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + "; keys in use must not be replaced by accident: "
                    + "choose another --out directory (to rotate the signing key see docs/keys.md)");
        }
    }

    private void writeSeed(SecureRandom random, boolean posix) throws IOException {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        byte[] text = (HexFormat.of().formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            write(SEED, text, posix);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    /** Creates the file 0600 from the start (never briefly readable by others) and forces it. */
    private void write(String name, byte[] content, boolean posix) throws IOException {
        Path file = out.resolve(name);
        FileAttribute<?>[] mode = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), mode)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure("refusing to overwrite " + file + ": it was created while keygen ran", e);
        }
    }

    private void print(String keyId, boolean posix) {
        PrintWriter w = spec.commandLine().getOut();
        Path dir = out.toAbsolutePath().normalize();
        w.println("key id:      " + keyId);
        w.println("written to:  " + dir + (posix ? " (files 0600)" : " (no POSIX permissions here: restrict access)"));
        w.println();
        w.println("  " + SEED + "          HMAC seed. Give a copy to the auditor, who keeps it offline.");
        w.println("                          Start the trail once with it (generate --hmac-seed), then");
        w.println("                          delete it from this host: the host keeps only epoch.key.");
        w.println("  " + PUBLIC_KEY + "   public key " + keyId + ". Give it to the auditor for");
        w.println("                          verify --public-key.");
        w.println("  " + PRIVATE_KEY + "  signing key. Stays on this host, 0600, readable only by the");
        w.println("                          trail's user (generate --sign-key). Never copy it elsewhere.");
        w.println("  anchors                 put the anchor directory (--anchors) on another disk or host.");
        w.println();
        w.println("the auditor verifies with:");
        w.println("  audit-cli verify STORE --hmac-seed " + SEED + " \\");
        w.println("      --public-key " + PUBLIC_KEY + " --anchors ANCHOR_DIR");
        w.flush();
    }
}
