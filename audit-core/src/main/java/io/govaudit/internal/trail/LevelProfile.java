package io.govaudit.internal.trail;

import io.govaudit.CapacityPolicy;
import io.govaudit.ClockCheck;
import io.govaudit.ComplianceLevel;
import io.govaudit.RetentionPolicy;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.keys.EpochKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The compliance level profiles of 附表十 (issue 16; docs/compliance.md, level profiles): the
 * defaults a level sets and the pieces it demands, cumulatively (中 includes 普, 高 includes 中).
 * {@code AuditTrail.Builder.build()} asks for the defaults first, then for the missing pieces,
 * and reports them with its other problems in one {@code AuditConfigurationException}: one
 * problem per missing piece, each naming the level, the requirement id (REQUIREMENTS.md), what
 * was configured and the remedy as builder method / Spring property / CLI flag.
 *
 * <p>Why a level refuses rather than corrects: a setting below the level is a decision someone
 * must take visibly (STYLE.md S10); only settings that are unset get the level's default.
 *
 * <p>Stateless and thread-safe.
 */
public final class LevelProfile {

    /** Annex 3.3: integrity problems reported within one hour, so a round at least hourly. */
    static final Duration HOURLY = Duration.ofHours(1);
    /** The default round at HIGH, well inside the hour. */
    static final Duration HIGH_VERIFY_EVERY = Duration.ofMinutes(15);

    /**
     * What the builder was given that the levels look at.
     *
     * @param retention      the retention policy, or null (reported elsewhere)
     * @param capacity       the capacity policy, or null (reported elsewhere)
     * @param keyed          whether the chain is or becomes keyed (a seed, or an existing epoch state)
     * @param signed         whether checkpoints are signed
     * @param clockCheck     the clock check, or null for none
     * @param verifyEvery    the scheduled verification interval set explicitly, or null
     * @param alertListener  the alert listener, or null (reported elsewhere)
     * @param replicas       how many replicas are configured
     */
    public record Settings(RetentionPolicy retention, CapacityPolicy capacity, boolean keyed, boolean signed,
            ClockCheck clockCheck, Duration verifyEvery, AuditAlertListener alertListener, int replicas) {
    }

    private LevelProfile() {
    }

    /**
     * Returns the scheduled verification interval a level sets when none was set: PT1H at
     * {@code MEDIUM}, PT15M at {@code HIGH}; only a directory store verifies itself.
     *
     * @param level          the level, or null for none
     * @param directoryStore whether the store is a directory
     * @return the default interval, or null for none
     */
    public static Duration defaultVerifyEvery(ComplianceLevel level, boolean directoryStore) {
        if (level == null || !directoryStore) {
            return null;
        }
        return switch (level) {
            case BASIC -> null;
            case MEDIUM -> HOURLY;
            case HIGH -> HIGH_VERIFY_EVERY;
        };
    }

    /**
     * Tells whether a chain already has the epoch state of a keyed chain, which stays keyed
     * without its seed.
     *
     * @param keyDir the chain's key directory
     * @return true if the chain is keyed
     */
    public static boolean chainKeyed(Path keyDir) {
        return EpochKeys.exists(keyDir);
    }

    /**
     * Lists every piece the level demands that the settings lack, one problem each.
     *
     * @param level    the level, or null for none (nothing is demanded)
     * @param settings what was configured
     * @return the problems, empty when the settings meet the level
     */
    public static List<String> missing(ComplianceLevel level, Settings settings) {
        List<String> problems = new ArrayList<>();
        if (level == null) {
            return problems;
        }
        String prefix = "complianceLevel " + level + " (" + level.chinese() + ") needs ";
        basic(settings, prefix, problems);
        if (level != ComplianceLevel.BASIC) {
            medium(level, settings, prefix, problems);
        }
        if (level == ComplianceLevel.HIGH) {
            high(settings, prefix, problems);
        }
        return problems;
    }

    /** 普: six months kept without exception (B1, S6), capacity planned (B6, S4). */
    private static void basic(Settings s, String prefix, List<String> problems) {
        RetentionPolicy retention = s.retention();
        if (retention != null && retention.minimumBelowSixMonths() && retention.belowSixMonths().isPresent()) {
            problems.add(prefix + "a retention minimum of at least six months (REQUIREMENTS B1, S6), was "
                    + retention.minimum() + " with a written exception (belowSixMonths), which no level accepts; "
                    + "keep at least P6M and remove the exception: retention(RetentionPolicy.defaults()) / "
                    + "govaudit.retention.minimum=P6M without govaudit.retention.below-six-months-reason / "
                    + "audit-cli generate --retention-min P6M without --short-retention-reason");
        }
        CapacityPolicy capacity = s.capacity();
        if (capacity == null) {
            return;
        }
        if (capacity.overwriteWithinRetention().isPresent()) {
            problems.add(prefix + "records kept for the whole retention minimum (REQUIREMENTS B1, S6), but "
                    + "overwriteWithinRetention lets a full store delete younger ones, which no level accepts; remove "
                    + "CapacityPolicy.overwriteWithinRetention / govaudit.capacity.overwrite-within-retention-reason / "
                    + "audit-cli generate --overwrite-within-retention-reason");
        }
        if (!capacity.bounded()) {
            problems.add(prefix + "a bounded capacity, so that storage is planned (REQUIREMENTS B6, S4), was unbounded; "
                    + "set capacity(CapacityPolicy.maxBytes(…)) / govaudit.capacity.max-bytes / "
                    + "audit-cli generate --max-bytes B (size it with audit-cli plan)");
        }
    }

    /** 中: integrity beyond the plain chain (B12), clock check (B10), verification at least hourly. */
    private static void medium(ComplianceLevel level, Settings s, String prefix, List<String> problems) {
        if (level == ComplianceLevel.MEDIUM && !s.keyed() && !s.signed()) {
            problems.add(prefix + "integrity beyond the plain hash chain (REQUIREMENTS B12), was neither keyed nor "
                    + "signed; set a keyed chain: hmacSeed(Path) / govaudit.keys.hmac-seed / audit-cli generate "
                    + "--hmac-seed FILE, or signed checkpoints: signingKey(Path) / govaudit.signing.key / "
                    + "audit-cli generate --sign-key FILE (files from audit-cli keygen)");
        }
        if (s.clockCheck() == null) {
            problems.add(prefix + "a clock check against a reference time source (REQUIREMENTS B10), was off; set "
                    + "clockCheck(ClockCheck.servers(\"time.stdtime.gov.tw\")) / govaudit.clock-check.servers / "
                    + "audit-cli generate --ntp-server HOST");
        }
        if (s.verifyEvery() != null && s.verifyEvery().compareTo(HOURLY) > 0) {
            problems.add(prefix + "scheduled verification at least hourly (REQUIREMENTS B12; annex 3.3 reports "
                    + "within one hour), verifyEvery was " + s.verifyEvery() + "; set at most PT1H or leave it unset "
                    + "for the level's default (" + defaultVerifyEvery(level, true) + "): verifyEvery(Duration) / "
                    + "govaudit.verify-every");
        }
    }

    /** 高: keyed and signed (B12), alerts delivered to people (B8), a replica (B13). */
    private static void high(Settings s, String prefix, List<String> problems) {
        if (!s.keyed()) {
            problems.add(prefix + "a keyed chain (REQUIREMENTS B12), was not keyed; set hmacSeed(Path) / "
                    + "govaudit.keys.hmac-seed / audit-cli generate --hmac-seed FILE (from audit-cli keygen)");
        }
        if (!s.signed()) {
            problems.add(prefix + "signed checkpoints (REQUIREMENTS B12), was unsigned; set signingKey(Path) / "
                    + "govaudit.signing.key / audit-cli generate --sign-key FILE (from audit-cli keygen)");
        }
        if (s.alertListener() != null && !s.alertListener().delivers()) {
            problems.add(prefix + "alert delivery to people outside the process (REQUIREMENTS B8), but no alert "
                    + "listener delivers (logging only); add one: alertListener(AuditAlertListener.webhook(URI)) or "
                    + "audit-mail's EmailAlertListener / govaudit.alerts.webhook.url or govaudit.alerts.mail.host / "
                    + "audit-cli generate --alert-webhook URL or --alert-mail-host HOST");
        }
        if (s.replicas() == 0) {
            problems.add(prefix + "a replica on another physical system (REQUIREMENTS B13), was none; set "
                    + "replicateTo(Path) / govaudit.replica.directories / audit-cli generate --replica DIR");
        }
    }
}
