package io.govaudit.jdbc.testing;

import io.govaudit.AuditTrail;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How a test gets records into {@code audit_record}: through the real JDBC store, or by copying
 * a file chain. Tests written against this run unchanged on both, and the copy lets them compare
 * {@code record_json} with the file lines byte for byte.
 */
public interface StoreUnderTest {

    /**
     * Opens a trail whose records end up in {@code db}'s {@code audit_record} once it is closed.
     *
     * @param db      the database, schema installed
     * @param builder a builder with chain id, system, host and clock set, but no store
     * @return the open trail
     */
    AuditTrail open(DataSource db, AuditTrail.Builder builder);

    /**
     * Returns the lines a file store wrote for the chain, when this store copied them, so a test
     * can compare {@code record_json} with them byte for byte.
     *
     * @param chain the chain id
     * @return the file lines, or empty for a store that writes rows itself
     */
    Optional<List<String>> fileLines(String chain);
}
