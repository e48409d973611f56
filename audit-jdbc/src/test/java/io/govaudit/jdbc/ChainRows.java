package io.govaudit.jdbc;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads chains back from the tables for assertions, and verifies them with the library's verifier
 * by exporting each chain's rows, in seq order, to {@code <dir>/<chain>/<first seq>.log}.
 */
final class ChainRows {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([A-Z_]+)\"");

    private ChainRows() {
    }

    static AuditEvent event(String eid) {
        return AuditEvent.adminAction(Actor.of("A" + (eid.hashCode() & 7)), "POST /admin/run")
                .detail("eid", eid).build();
    }

    /** @return an event of about 1 KiB */
    static AuditEvent bigEvent(String eid) {
        return AuditEvent.adminAction(Actor.of("A1"), "POST /admin/run").detail("eid", eid)
                .detail("note", "x".repeat(900)).build();
    }

    /** @return the record texts of a chain, in seq order */
    static List<String> lines(DataSource ds, String chain) {
        List<String> lines = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT record_json FROM audit_record WHERE chain_id = ? ORDER BY seq")) {
            q.setString(1, chain);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    static List<Long> seqs(DataSource ds, String chain) {
        return lines(ds, chain).stream().map(ChainRows::seq).toList();
    }

    static List<String> ofType(DataSource ds, String chain, String type) {
        return lines(ds, chain).stream().filter(l -> type(l).equals(type)).toList();
    }

    static long seq(String line) {
        Matcher m = SEQ.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("no seq in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    static String type(String line) {
        Matcher m = TYPE.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    static String detail(String line, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"?([^\",}]*)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exports the chains and runs the verifier over them. */
    static VerificationReport verify(DataSource ds, Path dir, String... chains) {
        try {
            for (String chain : chains) {
                List<String> lines = lines(ds, chain);
                Path chainDir = Files.createDirectories(dir.resolve(chain));
                String name = String.format("%020d.log", lines.isEmpty() ? 1 : seq(lines.get(0)));
                Files.writeString(chainDir.resolve(name),
                        lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            }
            return AuditVerifier.forDirectory(dir).verify();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
