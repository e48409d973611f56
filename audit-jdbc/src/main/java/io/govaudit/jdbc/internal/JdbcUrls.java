package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Turns a JDBC URL into text fit for reports and logs: no user info, no parameters (where
 * drivers accept {@code password=…}). Stateless and thread-safe.
 */
public final class JdbcUrls {

    /** {@code //user:password@} or {@code //user@} after the scheme. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

    private JdbcUrls() {
    }

    /**
     * Strips credentials and parameters from a JDBC URL: everything from the first {@code ?}
     * (PostgreSQL, most drivers) or {@code ;} (H2, SQL Server) on, and any {@code user:password@}.
     *
     * @param url a JDBC URL, e.g. {@code jdbc:postgresql://db:5432/audit?user=a&password=b}
     * @return e.g. {@code jdbc:postgresql://db:5432/audit}
     */
    public static String withoutSecrets(String url) {
        String kept = url;
        int cut = indexOfAny(kept, '?', ';');
        if (cut >= 0) {
            kept = kept.substring(0, cut);
        }
        return USER_INFO.matcher(kept).replaceFirst("//");
    }

    private static int indexOfAny(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Names a database for reports: its JDBC URL without credentials and parameters, or
     * {@code "database"} if the URL cannot be read.
     *
     * @param dataSource the database
     * @return the name
     */
    public static String describe(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            return url == null ? "database" : withoutSecrets(url);
        } catch (SQLException e) {
            return "database";
        }
    }
}
