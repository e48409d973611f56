package io.govaudit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.AuditTrail;
import io.govaudit.ChainLockedException;
import io.govaudit.Durability;
import io.govaudit.jdbc.testing.SampleChains;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM that writes a trail into PostgreSQL, for {@link PostgresCrashIT} to kill with
 * SIGKILL while it records. It talks to the test on stdout, one flushed line per message; other
 * lines (a logging library's start-up notes) are ignored by the test.
 *
 * <pre>
 * record &lt;jdbc url&gt; &lt;chain&gt; &lt;threads&gt; &lt;run&gt;
 *     SYNC trail; each thread records until killed and prints "ACK &lt;seq&gt; &lt;eid&gt;" after record() returns;
 *     prints "LOCKED &lt;message&gt;" and exits if another writer holds the chain
 * </pre>
 */
public final class JdbcTrailChild {

    private JdbcTrailChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername("postgres");
        config.setMaximumPoolSize(3);
        HikariDataSource pool = new HikariDataSource(config);
        AuditTrail trail;
        try {
            trail = AuditTrail.builder().store(JdbcAuditStore.builder(pool).holder("crash child " + args[4]).build())
                    .chainId(args[2]).system("crash-test").host("child-host").durability(Durability.SYNC)
                    .segmentMaxBytes(16 * 1024).build();
        } catch (ChainLockedException e) {
            out.println("LOCKED " + e.getMessage());
            out.flush();
            pool.close();
            return;
        }
        io.govaudit.testing.ChildJvm.recordUntilKilled(trail, Integer.parseInt(args[3]), args[4], SampleChains::event, out);
    }

    /** Starts this class in a new JVM with the test class path. */
    static Process start(Path errorLog, String... args) throws java.io.IOException {
        return io.govaudit.testing.ChildJvm.start(JdbcTrailChild.class, errorLog, args);
    }
}
