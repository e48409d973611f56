package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Gets connections from the application's data source with a short, bounded back-off: at most
 * {@link #ATTEMPTS} attempts, waiting 50 ms and then 200 ms between them, so a database that is
 * briefly unreachable (a pool refilling, a fail-over) costs one slower batch rather than a stop,
 * while one that is down fails the batch within a quarter of a second and the trail's failure
 * policy takes over (its probe retries about once a second).
 *
 * <p>Thread-safe if the data source is.
 */
public final class Connector {

    static final int ATTEMPTS = 3;
    private static final Duration FIRST_DELAY = Duration.ofMillis(50);

    private final DataSource dataSource;
    private final Sleeper sleeper;

    /**
     * @param dataSource where connections come from
     * @param sleeper    how to wait between attempts
     */
    public Connector(DataSource dataSource, Sleeper sleeper) {
        this.dataSource = dataSource;
        this.sleeper = sleeper;
    }

    /**
     * Gets a connection, trying again after a short wait if none can be had.
     *
     * @return an open connection
     * @throws SQLException the last failure, with the earlier ones suppressed
     */
    public Connection connect() throws SQLException {
        Duration delay = FIRST_DELAY;
        SQLException failure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
            if (attempt == ATTEMPTS) {
                throw failure;
            }
            pause(delay, failure);
            delay = delay.multipliedBy(4);
        }
    }

    private void pause(Duration delay, SQLException failure) throws SQLException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // restored: the caller decides what an interrupt means
            throw new SQLException("interrupted while waiting to connect again", "08001", failure);
        }
    }

    /** @return the data source, for connections that do not need the back-off */
    DataSource dataSource() {
        return dataSource;
    }
}
