package io.govaudit.examples.admin;

import io.govaudit.spring.SensitiveAccess;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * The citizen register. {@link #find} hands out one person's personal data and is therefore
 * {@link SensitiveAccess}: audit-spring records {@code SENSITIVE_ACCESS} with the reader, the
 * record id ({@code CITIZEN}/{@code C0001}, never the national ID), the fields the page shows and
 * the purpose; a record that cannot be written means the data is not returned. The list shows
 * names and districts only. Thread-safe: immutable data.
 */
@Service
public class CitizenRegister {

    private final List<Citizen> citizens = DemoData.citizens();

    /**
     * Lists the citizens whose id or name contains {@code query}; all of them for a blank query.
     *
     * @param query what to look for, or null
     * @return the matching citizens
     */
    public List<Citizen> search(String query) {
        if (query == null || query.isBlank()) {
            return citizens;
        }
        String q = query.strip().toUpperCase(Locale.ROOT);
        return citizens.stream().filter(c -> c.id().contains(q) || c.name().contains(query.strip())).toList();
    }

    /**
     * Shows one citizen's personal data.
     *
     * @param id the record id, e.g. {@code C0001}
     * @return the citizen
     * @throws ResponseStatusException 404 when there is no such citizen
     */
    @SensitiveAccess(kind = "CITIZEN", id = "#id", fields = {"name", "nationalId", "birthDate", "address", "phone"},
            purpose = "case review")
    public Citizen find(String id) {
        return citizens.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
