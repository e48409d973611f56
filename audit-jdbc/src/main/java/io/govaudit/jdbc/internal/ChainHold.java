package io.govaudit.jdbc.internal;

import io.govaudit.ChainLockedException;
import io.govaudit.jdbc.Dialect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;

/**
 * One writer's hold on one chain (docs/format.md sections 6-7: one writer per chain), kept on a dedicated
 * connection for the life of the store, plus the {@code audit_chain} row that names the holder
 * for a refused second writer's message.
 *
 * <p>PostgreSQL: a session advisory lock ({@code pg_try_advisory_lock}) on a 64-bit key derived
 * from the chain id. It never waits, and the server releases it when the session ends, so a
 * killed writer's chain is free again as soon as its connection is gone.
 *
 * <p>H2: a row lock on the chain's {@code audit_chain} row ({@code SELECT ... FOR UPDATE NOWAIT})
 * in a transaction left open; the holder's name is written in that transaction, and a refused
 * writer reads it uncommitted.
 *
 * <p>Failure: if the dedicated connection breaks (a server restart, a network cut), the hold is
 * gone. The store notices ({@link #isValid}) and takes the chain again before its next commit;
 * if another writer took it meanwhile, commits fail and the trail stops. The chain cannot fork
 * either way: {@code (chain_id, seq)} is the primary key, so two writers can never store two
 * records with one seq.
 *
 * <p>Not thread-safe: opened and closed by the store.
 */
public final class ChainHold implements AutoCloseable {

    private final Dialect dialect;
    private final Connection connection;
    private final long key;

    private ChainHold(Dialect dialect, Connection connection, long key) {
        this.dialect = dialect;
        this.connection = connection;
        this.key = key;
    }

    /**
     * Takes the chain for this writer.
     *
     * @param dialect   the database
     * @param connector where the dedicated connection comes from
     * @param chainId   the chain
     * @param holder    this writer's name, stored for others' messages
     * @param now       when
     * @return the hold
     * @throws ChainLockedException if another writer holds the chain
     * @throws SQLException         if the database cannot be asked
     */
    public static ChainHold acquire(Dialect dialect, Connector connector, String chainId, String holder, Instant now)
            throws SQLException {
        Connection connection = connector.connect();
        try {
            long key = lockKey(chainId);
            if (dialect == Dialect.POSTGRESQL) {
                holdPostgres(connection, chainId, holder, now, key);
            } else {
                holdH2(connector, connection, chainId, holder, now);
            }
            return new ChainHold(dialect, connection, key);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    private static void holdPostgres(Connection connection, String chainId, String holder, Instant now, long key)
            throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw refused(chainId, currentHolder(connection, chainId), "a PostgreSQL advisory lock");
                }
            }
        }
        try (PreparedStatement name = connection.prepareStatement("INSERT INTO audit_chain (chain_id, holder, since) "
                + "VALUES (?, ?, ?) ON CONFLICT (chain_id) DO UPDATE SET holder = EXCLUDED.holder, since = EXCLUDED.since")) {
            bindHolder(name, chainId, holder, now);
            name.executeUpdate();
        }
    }

    private static void holdH2(Connector connector, Connection connection, String chainId, String holder, Instant now)
            throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_chain (chain_id, holder, since) VALUES (?, ?, ?)")) {
            bindHolder(insert, chainId, holder, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e; // else the row exists already: lock it below
            }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT holder FROM audit_chain WHERE chain_id = ? FOR UPDATE NOWAIT")) {
            lock.setString(1, chainId);
            lock.executeQuery().close();
        } catch (SQLException e) {
            if (!"HYT00".equals(e.getSQLState()) && e.getErrorCode() != 50200) {
                throw e;
            }
            connection.rollback();
            throw refused(chainId, uncommittedHolder(connector, chainId), "an H2 row lock");
        }
        try (PreparedStatement name = connection.prepareStatement(
                "UPDATE audit_chain SET holder = ?, since = ? WHERE chain_id = ?")) {
            name.setString(1, holder);
            name.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            name.setString(3, chainId);
            name.executeUpdate(); // left uncommitted: the transaction is the hold
        }
    }

    private static void bindHolder(PreparedStatement statement, String chainId, String holder, Instant now)
            throws SQLException {
        statement.setString(1, chainId);
        statement.setString(2, holder);
        statement.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    private static ChainLockedException refused(String chainId, String holder, String how) {
        return new ChainLockedException(chainId, "chain '" + chainId + "' is held by another writer ("
                + (holder == null ? "holder unknown" : holder) + ", through " + how
                + "); stop the other process or use another chainId");
    }

    private static String currentHolder(Connection connection, String chainId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT holder, since FROM audit_chain WHERE chain_id = ?")) {
            query.setString(1, chainId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? "'" + rs.getString(1) + "' since " + rs.getObject(2, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    private static String uncommittedHolder(Connector connector, String chainId) {
        try (Connection reader = connector.dataSource().getConnection()) {
            int isolation = reader.getTransactionIsolation();
            reader.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            try {
                return currentHolder(reader, chainId);
            } finally {
                reader.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            return null; // the refusal matters, not the name
        }
    }

    /**
     * Tells whether the hold still stands: its connection is open and answers. One round trip;
     * the store asks about once a second and after a failed commit, never per batch.
     *
     * @return false if the connection ended, and with it the hold
     */
    public boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The advisory lock key: the first 8 bytes of SHA-256 over {@code "govaudit-chain:" + chainId},
     * so different chains practically never share a key and other applications' keys are not hit.
     *
     * @param chainId the chain
     * @return the key
     */
    static long lockKey(String chainId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("govaudit-chain:" + chainId).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Lets go of the chain and closes the dedicated connection. On PostgreSQL the lock is
     * released explicitly first, because a pool would otherwise keep the session, and the lock,
     * alive.
     *
     * @throws SQLException if letting go fails; the connection is closed anyway
     */
    @Override
    public void close() throws SQLException {
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, key);
                    unlock.executeQuery().close();
                }
            } else {
                connection.commit(); // keeps the holder's name as the chain's last holder
                connection.setAutoCommit(true);
            }
        } finally {
            connection.close();
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
