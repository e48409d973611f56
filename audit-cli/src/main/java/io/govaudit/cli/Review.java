package io.govaudit.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The periodic review (requirement B4) of one store and period: what {@code report} writes as HTML
 * or JSON, computed by {@link ReviewAggregator} from the verifier's report and one pass over the
 * records. Lists are capped; each capped list says how many it left out. Immutable value carriers.
 *
 * @param store      the store read (directory or database URL without credentials)
 * @param from       the period's start, inclusive, or null for the first record
 * @param to         the period's end, exclusive, or null for the time of the report
 * @param generated  when the report was made
 * @param settings   the rules the figures were computed with
 * @param integrity  the verifier's verdict over the whole store
 * @param reading    how the records of the period were read
 * @param perDay     events per local day and type code
 * @param failed     failed logins
 * @param afterHours administrator actions outside office hours
 * @param sensitive  sensitive-data reads per actor and purpose
 * @param changes    permission and account changes
 * @param operations the trail's own incidents: stops, capacity, purges, recoveries, clock, losses
 */
record Review(String store, Instant from, Instant to, Instant generated, Settings settings, Integrity integrity,
        Reading reading, SortedMap<LocalDate, SortedMap<String, Long>> perDay, FailedLogins failed,
        Capped<Event> afterHours, Capped<SensitiveCount> sensitive, Capped<Event> changes, Capped<Event> operations) {

    /** The rules of the review, as given on the command line. */
    record Settings(String zone, String officeHours, String workdays, int burstFailures, int burstMinutes) {
    }

    /** The verdict per chain and overall; {@code notChecked} names checks without input (anchors). */
    record Integrity(boolean intact, List<ChainVerdict> chains, List<String> notChecked) {
    }

    /**
     * One chain's verdict.
     *
     * @param problems integrity problems by kind (counted, including those the verifier did not list)
     * @param warnings warnings by kind
     */
    record ChainVerdict(String chain, long records, long lastSeq, boolean intact, Map<String, Long> problems,
            Map<String, Long> warnings) {
    }

    /**
     * How the period was read.
     *
     * @param records    records read
     * @param stoppedAt  the chain and seq where a record did not match its hash or place, or null
     * @param stopReason the reader's message, or null
     */
    record Reading(long records, String stoppedAt, String stopReason) {
    }

    /** A list holding at most a bound of items, and how many more there were. */
    record Capped<T>(List<T> items, long more) {
    }

    /** A key and how often it occurred. */
    record Count(String key, long count) {
    }

    /** Failed logins by account and by client address, and the bursts among them. */
    record FailedLogins(long total, Capped<Count> byActor, Capped<Count> byIp, Capped<Burst> bursts) {
    }

    /**
     * At least the threshold of failed logins within the window, by one account or from one address.
     *
     * @param by       {@code actor} or {@code ip}
     * @param key      the account id or the address
     * @param failures failures from the start to the end of the burst
     */
    record Burst(String by, String key, Instant start, Instant end, long failures) {
    }

    /** Sensitive-data reads of one actor for one purpose (null: none given). */
    record SensitiveCount(String actor, String purpose, long count, Instant first, Instant last) {
    }

    /**
     * One record as a report row; members absent from the record are null.
     *
     * @param spanFrom the start of what the record reports (a stop, a clock step), or null
     * @param spanTo   its end, or null
     * @param detail   the record's detail members that matter for its type, as {@code key=value; ...}
     */
    record Event(Instant ts, String chain, long seq, String type, String outcome, String actor, String actorName,
            String subject, String ip, String op, String detail, Instant spanFrom, Instant spanTo) {
    }
}
