package io.govaudit;

import java.util.List;

/**
 * A trail could not be built because its configuration is invalid. The message lists every
 * problem at once, each with the property and the offending value; {@link #problems()} gives
 * them one by one.
 *
 * @since 0.1.0
 */
public final class AuditConfigurationException extends AuditException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * Creates the exception from the list of problems found.
     *
     * @param problems one human-readable line per invalid property; not empty
     */
    public AuditConfigurationException(List<String> problems) {
        super("invalid audit trail configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every configuration problem found, in the order the properties were checked.
     *
     * @return an immutable, non-empty list
     */
    public List<String> problems() {
        return problems;
    }
}
