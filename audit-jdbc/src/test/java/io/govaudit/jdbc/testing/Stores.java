package io.govaudit.jdbc.testing;

import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.testing.Segments;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@link StoreUnderTest}s. */
public final class Stores {

    private Stores() {
    }

    /**
     * Writes a file chain under {@code tmp} and copies its lines into the database when the trail
     * is closed.
     *
     * @param tmp a fresh directory
     * @return the store
     */
    public static StoreUnderTest copying(Path tmp) {
        return new StoreUnderTest() {
            @Override
            public AuditTrail open(DataSource db, AuditTrail.Builder builder) {
                return new CopyOnClose(builder.directory(tmp).build(), tmp, db);
            }

            @Override
            public Optional<List<String>> fileLines(String chain) {
                return Optional.of(Segments.allLines(tmp.resolve(chain)));
            }

            @Override
            public String toString() {
                return "file chain copied into audit_record";
            }
        };
    }

    /**
     * Writes through the real JDBC store.
     *
     * @return the store
     */
    public static StoreUnderTest jdbc() {
        return new StoreUnderTest() {
            @Override
            public AuditTrail open(DataSource db, AuditTrail.Builder builder) {
                return builder.store(JdbcAuditStore.builder(db).build()).build();
            }

            @Override
            public Optional<List<String>> fileLines(String chain) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "JdbcAuditStore";
            }
        };
    }

    /** A file trail whose chain is copied into {@code audit_record} on close. */
    private record CopyOnClose(AuditTrail trail, Path store, DataSource db) implements AuditTrail {
        @Override
        public io.govaudit.Receipt record(AuditEvent event) {
            return trail.record(event);
        }

        @Override
        public long flush() {
            return trail.flush();
        }

        @Override
        public String chainId() {
            return trail.chainId();
        }

        @Override
        public State state() {
            return trail.state();
        }

        @Override
        public io.govaudit.TrailStatus status() {
            return trail.status();
        }

        @Override
        public void close() {
            trail.close();
            ChainRows.insert(db, chainId(), Segments.allLines(store.resolve(chainId())));
        }
    }
}
