package io.govaudit.jdbc.internal;

import io.govaudit.internal.store.StoreFailures;
import java.sql.SQLException;
import java.util.Set;

/** Classifies database failures for the trail's capacity policy. */
public final class SqlFailures {

    /**
     * PostgreSQL's {@code disk_full} and the generic {@code insufficient_resources}. The rest of
     * class 53 ({@code out_of_memory}, {@code too_many_connections},
     * {@code configuration_limit_exceeded}) is not a full store: purging records would not help,
     * so those stay ordinary failures.
     */
    private static final Set<String> OUT_OF_SPACE_STATES = Set.of("53100", "53000");

    private SqlFailures() {
    }

    /**
     * Tells whether a failure means the database ran out of space.
     *
     * @param failure a failure thrown by the store
     * @return true for PostgreSQL's 53100/53000, or an I/O error saying the device is full (H2)
     */
    public static boolean isOutOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && OUT_OF_SPACE_STATES.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return StoreFailures.isNoSpace(failure);
    }

    /**
     * Tells whether a failure says a table is missing: PostgreSQL's {@code undefined_table}
     * (42P01), H2's table-not-found (42S02, error 42102/42104).
     *
     * @param e the failure
     * @return true if a table is missing
     */
    public static boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState()) || e.getErrorCode() == 42102
                || e.getErrorCode() == 42104;
    }

    /**
     * Describes a failure for a message: its SQL state and text.
     *
     * @param e the failure
     * @return e.g. {@code "[23505] duplicate key value ..."}
     */
    public static String describe(SQLException e) {
        return "[" + e.getSQLState() + "] " + e.getMessage();
    }
}
