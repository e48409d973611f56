package io.govaudit.examples.admin;

import io.govaudit.AuditEvent;
import io.govaudit.AuditException;
import io.govaudit.AuditTrail;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import io.govaudit.spring.AuditContext;
import io.govaudit.spring.AuditVerifierSource;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /audit}, for auditors: a filtered, paged list of records read through the
 * {@link AuditReader} bean (each page recorded as {@code AUDIT_LOG_READ} by this user before it
 * is shown), the trail's capacity and recording state, verification on demand
 * ({@code POST /audit/verify}, recorded with detail {@code action=verify} and the verdict), and
 * the links to the export ({@link AuditExportController}) and the review report.
 */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditReader reader;
    private final AuditTrail trail;
    private final AuditContext audit;
    private final ObjectProvider<AuditVerifierSource> verifierSource;
    private final Path directory;

    AuditController(AuditReader reader, AuditTrail trail, AuditContext audit,
            ObjectProvider<AuditVerifierSource> verifierSource, @Value("${govaudit.file.directory}") Path directory) {
        this.reader = reader;
        this.trail = trail;
        this.audit = audit;
        this.verifierSource = verifierSource;
        this.directory = directory;
    }

    @GetMapping("/audit")
    String audit(AuditFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("types", AuditTypes.CODES);
        model.addAttribute("status", trail.status());
        model.addAttribute("store", directory.toAbsolutePath().normalize().toString());
        model.addAttribute("queryString", filter.queryString());
        Optional<AuditQuery> query = filter.validQuery(PAGE_SIZE);
        if (query.isEmpty()) {
            model.addAttribute("filterError", true);
        } else {
            QueryPage page = reader.page(query.get());
            model.addAttribute("rows", page.records().stream().map(AuditRow::of).toList());
            model.addAttribute("next", page.next().map(c -> c.token()).orElse(null));
        }
        return "audit";
    }

    @PostMapping("/audit/verify")
    String verify(RedirectAttributes redirect) {
        AuditVerifierSource source = verifierSource.getIfAvailable(
                () -> AuditVerifierSource.directory(directory, trail.chainId()));
        Verification result = run(source.verifier());
        audit.record(AuditEvent.auditLogRead(audit.currentActor(), source.store(), "verify")
                .where(audit.currentLocation()).detail("verdict", result.verdict()));
        redirect.addFlashAttribute("verification", result);
        return "redirect:/audit";
    }

    private static Verification run(AuditVerifier verifier) {
        try {
            VerificationReport report = verifier.verify();
            return new Verification(report.intact() ? "INTACT" : "NOT_INTACT", Instant.now().toString(),
                    report.chains().stream().map(c -> new ChainLine(c.chain(), c.records(), c.firstSeq(), c.lastSeq()))
                            .toList(),
                    report.problems().stream().limit(20).map(Object::toString).toList());
        } catch (IOException | AuditException e) {
            return new Verification("ERROR", Instant.now().toString(), List.of(),
                    List.of(e.getClass().getSimpleName()));
        }
    }

    /** What the verification found, for the page after the redirect. */
    record Verification(String verdict, String at, List<ChainLine> chains, List<String> problems) {
    }

    /** One verified chain. */
    record ChainLine(String chain, long records, long firstSeq, long lastSeq) {
    }
}
