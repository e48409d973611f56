package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.Location;
import io.govaudit.TrailStatus;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.Problem;
import io.govaudit.verify.VerificationReport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@code govaudit} actuator endpoint: the trail's status ({@code GET /actuator/govaudit}) and a
 * verification of its own store ({@code GET /actuator/govaudit/verify}), for holders of the
 * auditor authority ({@code govaudit.actuator.auditor-role}) only.
 *
 * <p>Access: the endpoint checks the caller's authorities itself, from Spring Security's
 * {@link SecurityContextHolder}, whatever the application's security rules for the actuator path
 * say; it is only created when Spring Security is on the class path. An anonymous or
 * unauthenticated caller is sent to authenticate (401 with HTTP Basic), an authenticated caller
 * without the authority gets 403: the operation throws {@link AccessDeniedException}, which Spring
 * Security's {@code ExceptionTranslationFilter} turns into the response.
 *
 * <p>Recording: every read, every verification (with its verdict) and every denied attempt is an
 * {@code AUDIT_LOG_READ} record (subject {@code AUDIT_LOG}/the chain id, detail {@code action}),
 * written before the answer is given. If the trail refuses it ({@code FAIL_CLOSED}, failed,
 * closed), the read fails too: nobody reads the audit log unaudited. The health endpoint still
 * shows such a trail (DOWN), and {@code audit-cli verify} verifies its store offline.
 *
 * <p>Thread-safety: stateless apart from its collaborators, which are thread-safe.
 */
@Endpoint(id = GovauditEndpoint.ID, defaultAccess = Access.READ_ONLY)
final class GovauditEndpoint {

    /** The endpoint id. */
    static final String ID = "govaudit";
    /** The selector of the verify operation. */
    static final String VERIFY = "verify";
    /** At most this many problems are listed in a verification response; all are counted. */
    static final int MAX_LISTED_PROBLEMS = 100;

    private final AuditTrail trail;
    private final String auditorRole;
    private final WebActors actors;
    private final ObjectProvider<AuditVerifierSource> verifierSource;

    GovauditEndpoint(AuditTrail trail, String auditorRole, WebActors actors,
            ObjectProvider<AuditVerifierSource> verifierSource) {
        this.trail = trail;
        this.auditorRole = Objects.requireNonNull(auditorRole, "auditorRole");
        this.actors = actors;
        this.verifierSource = verifierSource;
    }

    /**
     * The trail's status: state, head, capacity, last checkpoint, events not recorded, queue depth.
     *
     * @return the status
     */
    @ReadOperation
    public Map<String, Object> status() {
        Authentication auditor = auditor("status");
        TrailStatus status = trail.status();
        record(AuditEvent.auditLogRead(actor(auditor), trail.chainId(), "status")
                .detail("state", status.state().name()).detail("head_seq", status.headSeq()));
        Map<String, Object> body = TrailHealth.details(status);
        body.put("health", TrailHealth.code(status));
        body.put("lastCheckpoint", status.lastCheckpoint().<Object>map(c -> Map.of("seq", c.seq(),
                "atSeq", c.atSeq(), "time", c.time().toString())).orElse("none since the trail opened"));
        body.put("queueDepth", status.queueDepth());
        body.put("counters", Map.of("records", status.counters().records(), "written", status.counters().written(),
                "batches", status.counters().batches()));
        return body;
    }

    /**
     * Verifies the trail's own store with the {@link AuditVerifierSource} bean.
     *
     * @param operation must be {@code verify}
     * @return the verdict ({@code INTACT}, {@code BROKEN}, {@code ERROR} or {@code UNAVAILABLE}),
     *         the chains and the first problems
     */
    @ReadOperation
    public Map<String, Object> verify(@Selector String operation) {
        if (!VERIFY.equals(operation)) {
            throw new InvalidEndpointRequestException("unknown govaudit operation '" + operation
                    + "'; the operations are GET /actuator/govaudit and GET /actuator/govaudit/verify",
                    "unknown govaudit operation");
        }
        Authentication auditor = auditor(VERIFY);
        Map<String, Object> body = new LinkedHashMap<>();
        AuditEvent.Builder read = AuditEvent.auditLogRead(actor(auditor), trail.chainId(), VERIFY);
        AuditVerifierSource source = verifierSource.getIfAvailable();
        if (source == null) {
            body.put("verdict", "UNAVAILABLE");
            body.put("reason", "this trail's store cannot be verified from here: it is not the file store of "
                    + "govaudit.file.directory and no AuditVerifierSource bean is defined; define one, or run "
                    + "audit-cli verify against the store");
            read.failure("no verifier source").detail("verdict", "UNAVAILABLE");
        } else {
            body.put("store", source.store());
            verify(source, body, read.detail("store", source.store()));
        }
        record(read);
        return body;
    }

    private void verify(AuditVerifierSource source, Map<String, Object> body, AuditEvent.Builder read) {
        try {
            VerificationReport report = source.verifier().verify();
            String verdict = report.intact() ? "INTACT" : "BROKEN";
            body.put("verdict", verdict);
            body.put("chains", report.chains().stream().map(GovauditEndpoint::chain).toList());
            List<Problem> problems = report.problems();
            body.put("problemCount", problems.size());
            body.put("problems", problems.stream().limit(MAX_LISTED_PROBLEMS).map(p -> Map.of("kind", p.kind().name(),
                    "location", p.location(), "message", p.message())).toList());
            read.detail("verdict", verdict).detail("problems", problems.size());
            if (!report.intact()) {
                read.failure("chain not intact");
            }
        } catch (IOException | NothingToVerifyException e) {
            body.put("verdict", "ERROR");
            body.put("reason", e.getMessage());
            read.failure(e.getClass().getSimpleName()).detail("verdict", "ERROR");
        }
    }

    private static Map<String, Object> chain(ChainReport chain) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("chain", chain.chain());
        map.put("intact", chain.intact());
        map.put("records", chain.records());
        map.put("firstSeq", chain.firstSeq());
        map.put("lastSeq", chain.lastSeq());
        map.put("segments", chain.segments());
        return map;
    }

    // ---- access and recording ----

    /** The caller, if it holds the auditor authority; else the attempt is recorded and refused. */
    private Authentication auditor(String action) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean known = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        if (known && WebActors.authorities(authentication).contains(auditorRole)) {
            return authentication;
        }
        AccessDeniedException denied = new AccessDeniedException("the govaudit endpoint needs the authority "
                + auditorRole);
        if (known) { // an anonymous caller is asked to authenticate first; an attempt is a known user's
            try {
                record(AuditEvent.auditLogRead(actor(authentication), trail.chainId(), action)
                        .failure("access denied"));
            } catch (AuditUnavailableException e) {
                denied.addSuppressed(e); // refused either way; the trail's failure is reported by its alerts
            }
        }
        throw denied;
    }

    private Actor actor(Authentication authentication) {
        return actors.actor(authentication, request());
    }

    private void record(AuditEvent.Builder event) {
        HttpServletRequest request = request();
        if (request != null) {
            event.where(actors.location(request, request.getRequestURI()));
        } else {
            event.where(Location.defaults().withOp("actuator " + ID));
        }
        trail.record(event.build());
    }

    private static HttpServletRequest request() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
