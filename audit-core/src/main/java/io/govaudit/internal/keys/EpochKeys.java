package io.govaudit.internal.keys;

import io.govaudit.internal.format.EpochKeyDerivation;
import io.govaudit.internal.format.Hex;
import io.govaudit.internal.format.RecordHasher;
import io.govaudit.internal.store.PosixFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The current epoch key of a keyed chain and its state file (docs/format.md sections 3-5).
 *
 * <p>Forward security: the writer holds only the current epoch's key. {@link #advance} derives
 * the next key, makes the state file hold it, and then overwrites the old key with zeros, in
 * memory and on disk, so an intruder who takes the host later cannot rewrite earlier epochs.
 *
 * <p>State file: {@value #FILE} in the chain directory, 0600, two fixed-size slots of
 * {@value #SLOT} bytes, each {@code govaudit-epoch-v1 <epoch> <key hex> <crc32 hex>\n} padded
 * with spaces. Advancing writes the new epoch into the slot not in use and forces it, then
 * overwrites the old slot in place with spaces and forces again: a crash in between leaves two
 * valid slots, and the higher epoch wins. The file is overwritten in place, never appended to or
 * replaced, so the old key's bytes do not linger in a released block of the file system.
 *
 * <p>Not thread-safe: owned by the writer thread.
 */
public final class EpochKeys implements AutoCloseable {

    /** The state file's name inside the chain directory. */
    public static final String FILE = io.govaudit.internal.store.SegmentNames.EPOCH_KEY_FILE;
    static final int SLOT = 128;
    private static final String MAGIC = "govaudit-epoch-v1";

    private final FileChannel file;
    private final RecordHasher.Keyed hasher;
    private byte[] key;
    private long epoch;
    private int slot;

    private EpochKeys(FileChannel file, long epoch, byte[] key, int slot) {
        this.file = file;
        this.epoch = epoch;
        this.key = key;
        this.slot = slot;
        this.hasher = RecordHasher.keyed(epoch, key);
    }

    /**
     * Reads an HMAC seed file: 32 bytes as 64 lowercase hex characters (whitespace around them
     * is ignored), as {@code audit-cli keygen} writes {@code chain-seed.hex}.
     *
     * @param file the seed file
     * @return the 32 seed bytes; the caller erases them when done
     * @throws IOException if the file cannot be read or does not hold a seed
     */
    public static byte[] readSeed(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (text.length() != 64) {
            throw new IOException("HMAC seed file " + file + " must hold 64 lowercase hex characters");
        }
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("HMAC seed file " + file + " must hold 64 lowercase hex characters", e);
        }
    }

    /** @return true if the chain directory holds an epoch state: the chain is keyed */
    public static boolean exists(Path chainDir) {
        return Files.exists(chainDir.resolve(FILE));
    }

    /**
     * Opens the state of a keyed chain, creating it from the seed if the chain has none.
     *
     * @param chainDir the chain directory
     * @param seed     k(0), needed only when the state does not exist yet; may be null otherwise
     * @return the keys, positioned at the stored epoch
     * @throws IOException if the state is unreadable, or missing without a seed
     */
    public static EpochKeys open(Path chainDir, byte[] seed) throws IOException {
        Path path = chainDir.resolve(FILE);
        boolean fresh = !Files.exists(path);
        if (fresh && seed == null) {
            throw new IOException("chain is not keyed yet and no HMAC seed was given");
        }
        FileChannel channel = PosixFiles.openForWrite(path, StandardOpenOption.CREATE, StandardOpenOption.READ);
        try {
            if (fresh) {
                EpochKeys keys = new EpochKeys(channel, 0, seed.clone(), 1);
                keys.writeSlot(0, 0, keys.key);
                keys.writeSlot(1, -1, null);
                channel.force(true);
                PosixFiles.forceDirectory(chainDir);
                keys.slot = 0;
                return keys;
            }
            return load(channel, path);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes the key state of a keyed chain restored from a replica, which holds no key state:
     * epoch {@code epoch} with its key derived from the seed, so that the restored chain's last
     * records check and the next writer goes on at the next epoch, as after any restart.
     *
     * @param chainDir the restored chain's directory, without key state
     * @param seed     k(0), from the offline seed file
     * @param epoch    the epoch of the chain's last record
     * @throws IOException if the state exists already or cannot be written
     */
    public static void restore(Path chainDir, byte[] seed, long epoch) throws IOException {
        Path path = chainDir.resolve(FILE);
        if (Files.exists(path)) {
            throw new IOException(path + " exists: the chain has its key state");
        }
        byte[] key = EpochKeyDerivation.keyOf(seed, epoch);
        try (FileChannel channel = PosixFiles.openForWrite(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ)) {
            EpochKeys keys = new EpochKeys(channel, epoch, key, 0);
            keys.writeSlot(0, epoch, key);
            keys.writeSlot(1, -1, null);
            channel.force(true);
            Arrays.fill(keys.key, (byte) 0);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        PosixFiles.forceDirectory(chainDir);
    }

    private static EpochKeys load(FileChannel channel, Path path) throws IOException {
        long bestEpoch = -1;
        byte[] bestKey = null;
        int bestSlot = -1;
        for (int i = 0; i < 2; i++) {
            ByteBuffer bytes = ByteBuffer.allocate(SLOT);
            channel.read(bytes, (long) i * SLOT);
            String[] parts = new String(bytes.array(), StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length == 4 && parts[0].equals(MAGIC) && crc(parts[1] + " " + parts[2]).equals(parts[3])) {
                long e = Long.parseLong(parts[1]);
                if (e > bestEpoch) {
                    bestEpoch = e;
                    bestKey = Hex.decode(parts[2]);
                    bestSlot = i;
                }
            }
            Arrays.fill(bytes.array(), (byte) 0);
        }
        if (bestKey == null) {
            throw new IOException(path + " holds no valid epoch key; restore the chain's key from the offline "
                    + "seed or start a new chain");
        }
        return new EpochKeys(channel, bestEpoch, bestKey, bestSlot);
    }

    /**
     * Reads the stored epoch and key without taking the state over, for checking the chain's
     * last records before the writer opens it (tail recovery).
     *
     * @param chainDir the chain directory
     * @return a check for keyed tail records, or null if the chain is not keyed
     * @throws IOException if the state exists but is unreadable
     */
    public static io.govaudit.internal.store.TailCheck tailCheck(Path chainDir) throws IOException {
        Path path = chainDir.resolve(FILE);
        if (!Files.exists(path)) {
            return null;
        }
        long stateEpoch;
        javax.crypto.Mac mac;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            EpochKeys state = load(channel, path);
            stateEpoch = state.epoch;
            mac = javax.crypto.Mac.getInstance(EpochKeyDerivation.HMAC);
            mac.init(new javax.crypto.spec.SecretKeySpec(state.key, EpochKeyDerivation.HMAC));
            Arrays.fill(state.key, (byte) 0);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA256", e);
        }
        return (view, sha256) -> {
            long ep = view.ep();
            if (view.hashIsPublic() && !view.hashValid(sha256)) {
                return false;
            }
            // a plain record (ep -1) passes on its hash; a keyed one also needs its MAC when the
            // writer still holds its epoch's key (records are never ahead of the stored epoch)
            return ep < stateEpoch || (ep == stateEpoch && view.macValid(mac));
        };
    }

    /** @return the hasher that writes {@code ep} and the {@code mac} under the current key */
    public RecordHasher.Keyed hasher() {
        return hasher;
    }

    /** @return the current epoch */
    public long epoch() {
        return epoch;
    }

    /**
     * Moves to the next epoch: stores it durably, switches the hasher, erases the old key.
     *
     * @throws IOException if the state cannot be written; the old epoch then stays current
     */
    public void advance() throws IOException {
        byte[] next = EpochKeyDerivation.next(key);
        int other = 1 - slot;
        writeSlot(other, epoch + 1, next);
        file.force(true);
        writeSlot(slot, -1, null);
        file.force(true);
        hasher.advance(epoch + 1, next);
        Arrays.fill(key, (byte) 0);
        key = next;
        epoch++;
        slot = other;
    }

    private void writeSlot(int index, long slotEpoch, byte[] slotKey) throws IOException {
        byte[] line = new byte[SLOT];
        Arrays.fill(line, (byte) ' ');
        line[SLOT - 1] = '\n';
        if (slotKey != null) {
            String body = slotEpoch + " " + Hex.toHex(slotKey);
            byte[] text = (MAGIC + " " + body + " " + crc(body)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, line, 0, text.length);
            Arrays.fill(text, (byte) 0);
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            file.write(buffer, (long) index * SLOT + buffer.position());
        }
        Arrays.fill(line, (byte) 0);
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(key, (byte) 0);
        file.close();
    }
}
