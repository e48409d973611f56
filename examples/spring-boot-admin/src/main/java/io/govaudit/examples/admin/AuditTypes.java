package io.govaudit.examples.admin;

import java.util.List;

/** The event type codes the audit page's type filter offers, each shown beside its label. */
final class AuditTypes {

    static final List<String> CODES = List.of("LOGIN", "LOGIN_FAILURE", "LOGOUT", "PASSWORD_CHANGE",
            "USER_PASSWORD_RESET", "USER_LOCK", "USER_UNLOCK", "PERMISSION_CHANGE", "USER_CREATE", "USER_DELETE",
            "CONFIG_CHANGE", "SENSITIVE_ACCESS", "ADMIN_ACTION", "ACCESS_DENIED", "AUDIT_LOG_READ", "CHAIN_START",
            "TRAIL_START", "TRAIL_STOP", "RECOVERY", "RECORDS_LOST", "CHECKPOINT", "RETENTION_PURGE",
            "CAPACITY_WARNING", "RECORDING_STOPPED", "RECORDING_RESUMED", "KEY_ROTATION", "CLOCK_ANOMALY");

    private AuditTypes() {
    }
}
