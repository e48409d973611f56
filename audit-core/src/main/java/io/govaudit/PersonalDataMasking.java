package io.govaudit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which personal identifiers the trail masks in the free text an application supplies
 * (REQUIREMENTS.md C, S3; the Personal Data Protection Act), set with
 * {@link AuditTrail.Builder#personalDataMasking}. Default: every built-in {@link Rule}, no custom
 * pattern, no keyed hash.
 *
 * <pre>{@code
 * PersonalDataMasking.defaults()                                   // all built-in rules
 * PersonalDataMasking.builder()
 *         .rules(Rule.TW_ID, Rule.TW_RESIDENT_ID, Rule.MOBILE, Rule.EMAIL, Rule.CARD)   // no LANDLINE
 *         .pattern("NHI_CARD", Pattern.compile("\\b\\d{12}\\b"))
 *         .keyedHash(true)
 *         .build()
 * }</pre>
 *
 * <p><b>What is masked.</b> Detail values (list items too), the reason, configuration old and new
 * values (unless already masked as secrets), {@code actor.name}, {@code subject.name},
 * {@code where.op} and {@code where.ua}. <b>Not masked</b>: {@code actor.id}, {@code subject.id},
 * roles, {@code subject.kind} and the trail's own {@code where} members: these are identifiers the
 * record exists to hold (who acted, on what), and a masked actor id would break the one-account,
 * one-person accountability the annex asks for. An agency whose accounts are keyed by national ID
 * should record the account or employee number as the actor id and its own record number as the
 * subject id, never the national ID (docs/operations.md, "Personal data").
 *
 * <p><b>Never silently off.</b> The configuration in force is written, as {@link #describe()},
 * into the detail member {@code masking} of every {@code TRAIL_START} record, so an auditor sees
 * which rules were off and when.
 *
 * <p><b>Custom patterns</b> run after the built-in rules, in the order added, on the already
 * masked text; each match is replaced by as many {@code *} as it has characters (plus the keyed
 * hash when on). A pattern that needs more than a bounded number of steps on a string (runaway
 * backtracking) masks that whole string as {@value AuditEvent#MASKED}: masking fails closed, the
 * event is still recorded.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PersonalDataMasking {

    /** The most custom patterns a policy holds. */
    public static final int MAX_PATTERNS = 16;

    private static final Pattern PATTERN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    private static final PersonalDataMasking DEFAULTS = new PersonalDataMasking(EnumSet.allOf(Rule.class),
            Map.of(), false);

    /**
     * The built-in rules, each found without regular expressions and, where the identifier has
     * one, only with a valid checksum (docs/operations.md has the table of examples).
     *
     * @since 0.1.0
     */
    public enum Rule {
        /** Taiwan national ID: a letter, 1 or 2, 8 digits, valid check digit; stored as {@code A12*****89}. */
        TW_ID,
        /**
         * Resident certificate numbers: the format since 2021 (a letter, 8 or 9, 8 digits, check digit
         * as the national ID) and the old one (two letters, 8 digits, its check digit); stored as
         * {@code A18*****89}, {@code AB1*****78}.
         */
        TW_RESIDENT_ID,
        /** Mobile numbers {@code 09xx-xxx-xxx} and {@code +886 9xx xxx xxx}; stored as {@code 09**-***-678}. */
        MOBILE,
        /** Landline numbers with an area code ({@code (02) 2345-6789}); stored as {@code (02) ****-**89}. */
        LANDLINE,
        /** E-mail addresses; stored as {@code c***@example.gov.tw}. */
        EMAIL,
        /** Payment card numbers, 13 to 19 digits, Luhn-valid; stored as {@code **** **** **** 1111}. */
        CARD
    }

    private final Set<Rule> rules;
    private final Map<String, Pattern> patterns;
    private final boolean keyedHash;

    private PersonalDataMasking(Set<Rule> rules, Map<String, Pattern> patterns, boolean keyedHash) {
        this.rules = Collections.unmodifiableSet(rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules));
        this.patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        this.keyedHash = keyedHash;
    }

    /**
     * Returns the default policy: every built-in rule, no custom pattern, no keyed hash.
     *
     * @return the default policy
     */
    public static PersonalDataMasking defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the built-in rules in force, in declaration order; immutable */
    public Set<Rule> rules() {
        return rules;
    }

    /** @return the custom patterns by name, in the order they run; immutable */
    public Map<String, Pattern> patterns() {
        return patterns;
    }

    /**
     * Tells whether each masked value is followed by a keyed hash ({@code #} and 8 lowercase hex
     * characters: the first 32 bits of HMAC-SHA256 of the normalised value under a key derived
     * from the store's {@code session.key}), so records about the same person can be correlated.
     *
     * @return true if the keyed hash is written
     */
    public boolean keyedHash() {
        return keyedHash;
    }

    /**
     * Describes the policy as written into {@code TRAIL_START} (detail member {@code masking}):
     * {@code <rules>;custom=<n>[:<name>,…];hash=<on|off>}, where {@code <rules>} are the built-in
     * rules in force, comma-separated in declaration order, or {@code none}. The default is
     * {@code TW_ID,TW_RESIDENT_ID,MOBILE,LANDLINE,EMAIL,CARD;custom=0;hash=off}.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Rule rule : rules) {
            out.append(out.length() == 0 ? "" : ",").append(rule.name());
        }
        out.append(rules.isEmpty() ? "none" : "").append(";custom=").append(patterns.size());
        if (!patterns.isEmpty()) {
            out.append(':').append(String.join(",", patterns.keySet()));
        }
        return out.append(";hash=").append(keyedHash ? "on" : "off").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonalDataMasking other && rules.equals(other.rules) && keyedHash == other.keyedHash
                && patternSources().equals(other.patternSources());
    }

    private List<String> patternSources() {
        List<String> sources = new ArrayList<>();
        patterns.forEach((name, pattern) -> sources.add(name + "=" + pattern.pattern() + "/" + pattern.flags()));
        return sources;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rules, keyedHash, patternSources());
    }

    @Override
    public String toString() {
        return "PersonalDataMasking[" + describe() + "]";
    }

    /**
     * Builds a {@link PersonalDataMasking}, starting from the defaults. Each method checks its
     * argument at once and names the conflicting value. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Set<Rule> rules = EnumSet.allOf(Rule.class);
        private boolean rulesSet;
        private final Map<String, Pattern> patterns = new LinkedHashMap<>();
        private boolean keyedHash;

        private Builder() {
        }

        /**
         * Sets exactly the built-in rules in force; none turns the built-in rules off (recorded in
         * {@code TRAIL_START} as {@code none}).
         *
         * @param rules the rules to apply
         * @return this builder
         * @throws NullPointerException  if the array or a rule is null
         * @throws IllegalStateException if the rules were already set
         */
        public Builder rules(Rule... rules) {
            Objects.requireNonNull(rules, "rules");
            if (rulesSet) {
                throw new IllegalStateException("rules were already set to " + this.rules);
            }
            Set<Rule> chosen = EnumSet.noneOf(Rule.class);
            for (Rule rule : rules) {
                chosen.add(Objects.requireNonNull(rule, "rule"));
            }
            this.rules = chosen;
            this.rulesSet = true;
            return this;
        }

        /**
         * Adds a custom pattern, run after the built-in rules and the patterns added before.
         *
         * @param name    1 to 32 characters of {@code A-Z a-z 0-9 _ -}, starting with a letter;
         *                written into {@code TRAIL_START}
         * @param pattern what to mask; must not match the empty string
         * @return this builder
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if the name is malformed or taken, the pattern matches
         *                                  the empty string, or {@value #MAX_PATTERNS} patterns are
         *                                  already set
         */
        public Builder pattern(String name, Pattern pattern) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pattern, "pattern");
            if (!PATTERN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("pattern name must be 1 to 32 characters of A-Z a-z 0-9 _ - "
                        + "starting with a letter, was '" + EventType.abbreviate(name) + "'");
            }
            if (patterns.containsKey(name)) {
                throw new IllegalArgumentException("pattern '" + name + "' was already set to "
                        + patterns.get(name).pattern());
            }
            if (patterns.size() == MAX_PATTERNS) {
                throw new IllegalArgumentException("at most " + MAX_PATTERNS + " patterns; '" + name + "' is one more");
            }
            if (pattern.matcher("").matches()) {
                throw new IllegalArgumentException("pattern '" + name + "' (" + pattern.pattern()
                        + ") matches the empty string, so it would mask nothing useful");
            }
            patterns.put(name, pattern);
            return this;
        }

        /**
         * Appends a keyed hash to every masked value ({@link PersonalDataMasking#keyedHash()}).
         * Default false: whoever holds the store's {@code session.key} could test the few values a
         * masked form leaves open (ten thousand for a national ID) against the hash and so recover
         * the identifier; turn it on when auditors need to correlate records about one person.
         *
         * @param keyedHash true to write the hash
         * @return this builder
         */
        public Builder keyedHash(boolean keyedHash) {
            this.keyedHash = keyedHash;
            return this;
        }

        /**
         * Builds the immutable policy.
         *
         * @return the policy
         */
        public PersonalDataMasking build() {
            return new PersonalDataMasking(rules, patterns, keyedHash);
        }
    }
}
