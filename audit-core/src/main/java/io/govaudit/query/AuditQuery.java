package io.govaudit.query;

import io.govaudit.EventType;
import io.govaudit.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to read from the audit log: a time range, a chain, event types, an actor, a subject, an
 * outcome, a client address, in which order, from which cursor, how many per page. Every filter
 * left unset matches everything; the filters that are set must all match. Immutable.
 *
 * <pre>{@code
 * AuditQuery query = AuditQuery.builder()
 *         .from(Instant.parse("2026-11-01T00:00:00Z")).to(Instant.parse("2026-11-02T00:00:00Z"))
 *         .types(EventType.LOGIN_FAILURE).newestFirst().limit(50).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AuditQuery {

    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    /** The page size when none is set. */
    public static final int DEFAULT_LIMIT = 100;

    /** The longest actor or subject id, as the record format bounds them. */
    static final int MAX_ID = 256;

    private static final Pattern CHAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * The order of the records.
     *
     * @since 0.1.0
     */
    public enum Order {
        /** By time, then chain, then seq. */
        OLDEST_FIRST,
        /** The reverse. */
        NEWEST_FIRST
    }

    private final Instant from;
    private final Instant to;
    private final String chain;
    private final List<String> types;
    private final String actor;
    private final String subjectKind;
    private final String subject;
    private final Outcome outcome;
    private final String ip;
    private final Order order;
    private final Cursor after;
    private final int limit;

    private AuditQuery(Builder b) {
        this.from = b.from;
        this.to = b.to;
        this.chain = b.chain;
        this.types = Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(b.types)));
        this.actor = b.actor;
        this.subjectKind = b.subjectKind;
        this.subject = b.subject;
        this.outcome = b.outcome;
        this.ip = b.ip;
        this.order = b.order;
        this.after = b.after;
        this.limit = b.limit;
    }

    /**
     * Starts a query that matches every record.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this query's settings, e.g. to ask for the next page.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.from = from;
        b.to = to;
        b.chain = chain;
        b.types.addAll(types);
        b.actor = actor;
        b.subjectKind = subjectKind;
        b.subject = subject;
        b.outcome = outcome;
        b.ip = ip;
        b.order = order;
        b.after = after;
        b.limit = limit;
        return b;
    }

    /** @return the earliest time, inclusive */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** @return the end time, exclusive */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /** @return the chain */
    public Optional<String> chain() {
        return Optional.ofNullable(chain);
    }

    /** @return the event type codes, sorted; empty for every type */
    public List<String> types() {
        return types;
    }

    /** @return the actor id */
    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    /** @return the subject kind */
    public Optional<String> subjectKind() {
        return Optional.ofNullable(subjectKind);
    }

    /** @return the subject id */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** @return the outcome */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** @return the client address */
    public Optional<String> ip() {
        return Optional.ofNullable(ip);
    }

    /** @return the order */
    public Order order() {
        return order;
    }

    /** @return the cursor the answer continues after */
    public Optional<Cursor> after() {
        return Optional.ofNullable(after);
    }

    /** @return the page size */
    public int limit() {
        return limit;
    }

    /**
     * Tells whether a record's members match every filter but the time range, the chain and the
     * cursor (which a reader applies while it finds the records).
     *
     * @param record the record
     * @return true if it matches
     */
    public boolean matchesMembers(StoredRecord record) {
        return (types.isEmpty() || types.contains(record.type()))
                && (actor == null || actor.equals(record.actorId()))
                && (subjectKind == null || subjectKind.equals(record.subjectKind()))
                && (subject == null || subject.equals(record.subjectId()))
                && (outcome == null || outcome.name().equals(record.outcome()))
                && (ip == null || ip.equalsIgnoreCase(record.ip()));
    }

    /**
     * Describes the filters as one line, e.g. for the {@code filter} detail of an
     * {@code AUDIT_LOG_READ} record: {@code from=… to=… types=LOGIN,LOGOUT actor=alice}. Values
     * are the caller's, so personal data masking applies to them like to any detail.
     *
     * @return the description, {@code all} when nothing is filtered
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        append(s, "from", from);
        append(s, "to", to);
        append(s, "chain", chain);
        append(s, "types", types.isEmpty() ? null : String.join(",", types));
        append(s, "actor", actor);
        append(s, "subjectKind", subjectKind);
        append(s, "subject", subject);
        append(s, "outcome", outcome);
        append(s, "ip", ip);
        if (order == Order.NEWEST_FIRST) {
            append(s, "order", "newest-first");
        }
        return s.length() == 0 ? "all" : s.toString();
    }

    private static void append(StringBuilder s, String name, Object value) {
        if (value != null) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(name).append('=').append(value);
        }
    }

    @Override
    public String toString() {
        return "AuditQuery[" + describe() + ", limit=" + limit + (after == null ? "" : ", after=" + after) + "]";
    }

    /**
     * Builds an {@link AuditQuery}; each setter checks its value at once and throws
     * {@link InvalidQueryException} naming the field. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private String chain;
        private final List<String> types = new ArrayList<>();
        private String actor;
        private String subjectKind;
        private String subject;
        private Outcome outcome;
        private String ip;
        private Order order = Order.OLDEST_FIRST;
        private Cursor after;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /**
         * Only records written at or after this time.
         *
         * @param from the earliest time, inclusive; null for no lower bound
         * @return this builder
         */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        /**
         * Only records written before this time.
         *
         * @param to the end, exclusive; null for no upper bound
         * @return this builder
         */
        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        /**
         * Only records of one chain.
         *
         * @param chain the chain id; null for every chain
         * @return this builder
         * @throws InvalidQueryException naming {@code chain} when it is not a chain id
         */
        public Builder chain(String chain) {
            if (chain != null && !CHAIN.matcher(chain).matches()) {
                throw new InvalidQueryException("chain", "is not a chain id ([A-Za-z0-9._-]{1,64})");
            }
            this.chain = chain;
            return this;
        }

        /**
         * Only records of these types (added to those set before).
         *
         * @param types the types
         * @return this builder
         * @throws InvalidQueryException naming {@code types} when one is null
         */
        public Builder types(EventType... types) {
            return types(types == null ? null : Arrays.asList(types.clone()));
        }

        /**
         * Only records of these types (added to those set before).
         *
         * @param types the types
         * @return this builder
         * @throws InvalidQueryException naming {@code types} when the collection or one of them
         *                               is null
         */
        public Builder types(Collection<EventType> types) {
            if (types == null) {
                throw new InvalidQueryException("types", "is null");
            }
            for (EventType type : types) {
                if (type == null) {
                    throw new InvalidQueryException("types", "holds null");
                }
                this.types.add(type.code());
            }
            return this;
        }

        /**
         * Only records by this actor ({@code actor.id}, exactly).
         *
         * @param actorId the actor id; null for every actor
         * @return this builder
         * @throws InvalidQueryException naming {@code actor} when it is blank or too long
         */
        public Builder actor(String actorId) {
            this.actor = id("actor", actorId);
            return this;
        }

        /**
         * Only records about this subject ({@code subject.id}, exactly).
         *
         * @param subjectId the subject id; null for every subject
         * @return this builder
         * @throws InvalidQueryException naming {@code subject} when it is blank or too long
         */
        public Builder subject(String subjectId) {
            this.subject = id("subject", subjectId);
            return this;
        }

        /**
         * Only records about subjects of this kind ({@code subject.kind}, e.g. {@code USER}).
         *
         * @param kind the kind, upper snake case; null for every kind
         * @return this builder
         * @throws InvalidQueryException naming {@code subjectKind} when it is not upper snake case
         */
        public Builder subjectKind(String kind) {
            if (kind != null && !KIND.matcher(kind).matches()) {
                throw new InvalidQueryException("subjectKind", "is not upper snake case ([A-Z][A-Z0-9_]{0,63})");
            }
            this.subjectKind = kind;
            return this;
        }

        /**
         * Only records with this outcome.
         *
         * @param outcome the outcome; null for both
         * @return this builder
         */
        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /**
         * Only records from this client address ({@code where.ip}, an IPv4 or IPv6 literal as
         * recorded; IPv6 compared ignoring case).
         *
         * @param ip the address; null for every address
         * @return this builder
         * @throws InvalidQueryException naming {@code ip} when it is not an address literal
         */
        public Builder ip(String ip) {
            if (ip != null && !IP.matcher(ip).matches()) {
                throw new InvalidQueryException("ip", "is not an IPv4 or IPv6 address literal");
            }
            this.ip = ip;
            return this;
        }

        /**
         * Sets the order.
         *
         * @param order the order
         * @return this builder
         * @throws InvalidQueryException naming {@code order} when it is null
         */
        public Builder order(Order order) {
            if (order == null) {
                throw new InvalidQueryException("order", "is null");
            }
            this.order = order;
            return this;
        }

        /**
         * Newest first.
         *
         * @return this builder
         */
        public Builder newestFirst() {
            return order(Order.NEWEST_FIRST);
        }

        /**
         * Continues after a cursor, in the same order: the next page.
         *
         * @param cursor a page's {@link QueryPage#next()}; null to start at the beginning
         * @return this builder
         */
        public Builder after(Cursor cursor) {
            this.after = cursor;
            return this;
        }

        /**
         * Sets the page size of {@link AuditReader#page}.
         *
         * @param limit from 1 to {@value AuditQuery#MAX_LIMIT}
         * @return this builder
         * @throws InvalidQueryException naming {@code limit} when it is out of range
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidQueryException("limit", "must be from 1 to " + MAX_LIMIT + ", was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws InvalidQueryException naming {@code to} when the range ends before it starts
         */
        public AuditQuery build() {
            if (from != null && to != null && !to.isAfter(from)) {
                throw new InvalidQueryException("to", "must be after from (" + from + "), was " + to);
            }
            return new AuditQuery(this);
        }

        private static String id(String field, String value) {
            if (value == null) {
                return null;
            }
            if (value.isBlank() || value.length() > MAX_ID) {
                throw new InvalidQueryException(field, "must be 1 to " + MAX_ID + " characters and not blank");
            }
            return value;
        }
    }
}
