package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two application nodes on one PostgreSQL database, each with its own pool and chain, recording
 * from several threads at once (STYLE.md S38): each chain is dense and intact.
 */
class PostgresTwoNodesTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 150;


    @Test
    @Timeout(60)
    void twoNodes_recordConcurrently_eachChainDenseAndIntact() throws Exception {
        String db = TestDatabases.newPostgresDatabase("two_nodes");
        JdbcSchema.install(TestDatabases.postgresDataSource(db, "postgres", null));
        try (HikariDataSource poolA = pool(db); HikariDataSource poolB = pool(db);
                AuditTrail a = trail(poolA, "node-a", Durability.SYNC);
                AuditTrail b = trail(poolB, "node-b", Durability.ASYNC)) {
            ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String prefix = "t" + t + "-";
                done.add(threads.submit(() -> record(a, prefix)));
                done.add(threads.submit(() -> record(b, prefix)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            b.flush();
        }
        var owner = TestDatabases.postgresDataSource(db, "postgres", null);
        for (String chain : List.of("node-a", "node-b")) {
            List<Long> seqs = ChainRows.seqs(owner, chain);
            assertThat(seqs).as(chain).containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
            assertThat(ChainRows.ofType(owner, chain, "ADMIN_ACTION")).as(chain).hasSize(THREADS * PER_THREAD);
        }
        assertThat(ChainRows.verify(owner)).isIntact();
    }

    private static void record(AuditTrail trail, String prefix) {
        for (int i = 0; i < PER_THREAD; i++) {
            trail.record(SampleChains.event(prefix + i));
        }
    }

    private static AuditTrail trail(HikariDataSource pool, String chain, Durability durability) {
        return AuditTrail.builder().store(JdbcAuditStore.builder(pool).holder(chain + "-host").build())
                .chainId(chain).system("cluster-app").host(chain + "-host").durability(durability)
                .segmentMaxBytes(64 * 1024).build();
    }

    private static HikariDataSource pool(String db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.postgresUrl(db));
        config.setUsername("postgres");
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }
}
