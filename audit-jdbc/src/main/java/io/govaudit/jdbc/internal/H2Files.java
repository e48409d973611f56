package io.govaudit.jdbc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes an embedded H2 database's files owner-only ({@code 0600}), as the file store's segments
 * are: H2 creates them with the process umask (typically {@code 0644}, readable by every local
 * user). Done when a chain is opened, so there is a short window after H2 created a new file;
 * put the database in an owner-only directory to close it (docs/jdbc.md). Stateless.
 */
public final class H2Files {

    private static final String[] SUFFIXES = {".mv.db", ".trace.db", ".lock.db"};

    private H2Files() {
    }

    /**
     * Restricts the files of the H2 database behind a connection; does nothing for an in-memory
     * database or a file system without POSIX permissions.
     *
     * @param c a connection to an H2 database
     * @throws IOException if the permissions cannot be set
     */
    public static void restrict(Connection c) throws IOException {
        String base;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CALL DATABASE_PATH()")) {
            base = rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IOException("cannot ask H2 where its database files are: " + e.getMessage(), e);
        }
        if (base == null) {
            return; // in memory
        }
        for (String suffix : SUFFIXES) {
            Path file = Path.of(base + suffix);
            if (Files.isRegularFile(file) && Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }
}
