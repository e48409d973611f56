package io.govaudit.cli;

import io.govaudit.internal.store.SegmentNames;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The files {@code destroy} deletes (docs/operations.md "Destruction at contract end"): what is in
 * the store, the chains' locks held while they are deleted, and the deletion itself.
 *
 * <p>A store holds only govaudit's files: {@code session.key} and one directory per chain with
 * segments and the chain state files ({@link SegmentNames#CHAIN_STATE_FILES}). Anything else (a
 * torn tail kept for inspection, a file an operator put there, a symbolic link) is refused by name
 * before anything is read: destruction deletes what the receipt lists and nothing it does not know.
 *
 * <p>Locks: each chain's {@code .lock} is taken (an OS lock, as the writer takes it) and held
 * until the chain is deleted, so no writer starts meanwhile; a chain a writer holds is refused.
 * Not thread-safe; one instance per run, closed at the end.
 */
final class DestroyFiles implements Closeable {

    /** The files of one chain directory. */
    record ChainFiles(String chain, Path dir, List<Path> segments, List<String> stateFiles) {
    }

    private final Path store;
    private final TreeMap<String, ChainFiles> chains;
    private final List<String> storeFiles;
    private final List<FileChannel> locks = new ArrayList<>();

    private DestroyFiles(Path store, TreeMap<String, ChainFiles> chains, List<String> storeFiles) {
        this.store = store;
        this.chains = chains;
        this.storeFiles = storeFiles;
    }

    /**
     * Lists the store and takes every chain's lock.
     *
     * @throws CliFailure naming every unknown file, or the chain a writer holds
     */
    static DestroyFiles open(Path store) throws IOException {
        TreeMap<String, ChainFiles> chains = new TreeMap<>();
        List<String> storeFiles = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Path entry : list(store)) {
            String name = entry.getFileName().toString();
            if (Files.isSymbolicLink(entry)) {
                unknown.add(name + " (a symbolic link)");
            } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                chains.put(name, chain(entry, name, unknown));
            } else if (name.equals(SegmentNames.SESSION_KEY_FILE)) {
                storeFiles.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CliFailure("refused, nothing deleted: " + store + " holds files that are not govaudit's ("
                    + String.join(", ", unknown) + "); destroy deletes only what its receipt lists: move them "
                    + "out of the store, or delete them deliberately and record it, then run destroy again");
        }
        if (chains.isEmpty()) {
            throw new CliFailure("refused: " + store + " holds no chain directory; nothing to destroy");
        }
        DestroyFiles files = new DestroyFiles(store, chains, storeFiles);
        try {
            files.lockAll();
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    private static ChainFiles chain(Path dir, String chain, List<String> unknown) throws IOException {
        List<String> state = new ArrayList<>();
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            boolean regular = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
            if (regular && SegmentNames.CHAIN_STATE_FILES.contains(name)) {
                state.add(name);
            } else if (!regular || SegmentNames.firstSeq(name) < 0) {
                unknown.add(chain + "/" + name);
            }
        }
        return new ChainFiles(chain, dir, SegmentNames.list(dir), List.copyOf(state));
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }

    private void lockAll() throws IOException {
        for (ChainFiles chain : chains.values()) {
            Path lockFile = chain.dir().resolve(SegmentNames.LOCK_FILE);
            if (!Files.exists(lockFile)) {
                continue;
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            locks.add(channel);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new CliFailure("refused, nothing deleted: chain '" + chain.chain() + "' is held by a writer "
                        + "(lock file " + lockFile + "); stop the application (the contract has ended) and run "
                        + "destroy again");
            }
        }
    }

    TreeMap<String, ChainFiles> chains() {
        return chains;
    }

    List<String> storeFiles() {
        return storeFiles;
    }

    /**
     * Deletes every listed file and chain directory, segments first, the lock last; then
     * {@code session.key}. The store directory itself stays (it may be a mount point).
     *
     * @return the number of files deleted
     */
    long delete() throws IOException {
        long deleted = 0;
        for (ChainFiles chain : chains.values()) {
            for (Path segment : chain.segments()) {
                Files.delete(segment);
                deleted++;
            }
            for (String name : chain.stateFiles()) {
                if (!name.equals(SegmentNames.LOCK_FILE)) {
                    deleted += Files.deleteIfExists(chain.dir().resolve(name)) ? 1 : 0;
                }
            }
            deleted += Files.deleteIfExists(chain.dir().resolve(SegmentNames.LOCK_FILE)) ? 1 : 0;
            Files.delete(chain.dir());
        }
        for (String name : storeFiles) {
            deleted += Files.deleteIfExists(store.resolve(name)) ? 1 : 0;
        }
        ReceiptFiles.forceDirectory(store);
        return deleted;
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : locks) {
            channel.close();
        }
        locks.clear();
    }
}
