package io.govaudit.examples.admin;

import java.util.List;

/** The roles the application knows. */
final class Roles {

    static final String ADMIN = "ROLE_ADMIN";
    static final String CLERK = "ROLE_CLERK";
    static final String AUDITOR = "ROLE_AUDITOR";

    /** Every role, in the order the pages list them. */
    static final List<String> ALL = List.of(ADMIN, CLERK, AUDITOR);

    private Roles() {
    }
}
