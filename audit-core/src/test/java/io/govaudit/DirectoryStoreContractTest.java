package io.govaudit;

import io.govaudit.internal.store.DirectoryChainStore;
import io.govaudit.internal.store.FileChainStore;
import io.govaudit.internal.store.FileModes;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.internal.store.TailCheck;
import io.govaudit.spi.ChainStore;
import io.govaudit.testing.ChainStoreContract;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The file store keeps the store contract. */
class DirectoryStoreContractTest extends ChainStoreContract {

    @TempDir
    Path store;

    private final Map<ChainStore, FaultyIo> faults = new IdentityHashMap<>();

    @Override
    protected ChainStore openChain(String chainId, long segmentMaxBytes) throws IOException {
        FaultyIo io = new FaultyIo();
        ChainStore chain = new DirectoryChainStore(FileChainStore.open(store, chainId, segmentMaxBytes, longAge(), io,
                TailCheck.PLAIN, FileModes.OWNER_ONLY), chainId, false, Thread::new);
        faults.put(chain, io);
        return chain;
    }

    @Override
    protected List<String> durableLines(String chainId) throws IOException {
        List<String> lines = new ArrayList<>();
        Path dir = store.resolve(chainId);
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        for (Path segment : SegmentNames.list(dir)) {
            lines.addAll(lines(Files.readAllBytes(segment)));
        }
        return lines;
    }

    @Override
    protected VerificationReport verifyStore() throws IOException {
        return AuditVerifier.forDirectory(store).verify();
    }

    @Override
    protected void failNextForce(ChainStore chain) {
        faults.get(chain).failForces(1);
    }
}
