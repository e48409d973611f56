package io.govaudit;

/**
 * The protection levels of 附表十「資通系統防護基準」 (facet 事件日誌與可歸責性), for
 * {@link AuditTrail.Builder#complianceLevel}. Levels are cumulative: {@link #MEDIUM} demands all
 * of {@link #BASIC}, {@link #HIGH} all of {@link #MEDIUM}. A trail with a level refuses to build
 * when a piece the level needs is missing, naming every missing piece in one
 * {@link AuditConfigurationException}; the level and the effective settings are written into each
 * {@code TRAIL_START} record (docs/compliance.md, level profiles; ids from REQUIREMENTS.md).
 *
 * @since 0.1.0
 */
public enum ComplianceLevel {

    /**
     * 普 (basic): a retention minimum of at least six months with no written exception, neither
     * a shorter minimum ({@link RetentionPolicy#belowSixMonths}) nor overwriting within it
     * ({@link CapacityPolicy#overwriteWithinRetention}) (B1, S6); and a bounded capacity
     * ({@link CapacityPolicy#maxBytes}), so storage is planned (B6, S4).
     */
    BASIC("普"),

    /**
     * 中 (medium): all of {@link #BASIC}; integrity beyond the plain hash chain, a keyed chain
     * ({@link AuditTrail.Builder#hmacSeed}) or signed checkpoints
     * ({@link AuditTrail.Builder#signingKey}) (B12); a clock check against SNTP servers
     * ({@link AuditTrail.Builder#clockCheck}) (B10); scheduled verification at least hourly
     * ({@link AuditTrail.Builder#verifyEvery}, default PT1H on a directory store).
     */
    MEDIUM("中"),

    /**
     * 高 (high): all of {@link #MEDIUM}; a keyed chain <em>and</em> signed checkpoints (B12);
     * alert delivery to people outside the process (B8): an alert listener whose
     * {@link io.govaudit.alert.AuditAlertListener#delivers()} is true, such as a webhook or
     * e-mail listener; a replica on another system (B13); scheduled verification default PT15M.
     */
    HIGH("高");

    private final String chinese;

    ComplianceLevel(String chinese) {
        this.chinese = chinese;
    }

    /**
     * Returns the level's name in 附表十: 普, 中 or 高.
     *
     * @return the Chinese name
     */
    public String chinese() {
        return chinese;
    }
}
