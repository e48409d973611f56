package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.query.StoredRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Computes the figures of a periodic review in one pass over the records of the period, in the
 * reader's time order, in bounded memory: counters per local day and type, {@link TopCounter}s
 * for accounts and addresses, {@link BurstDetector}s, and event lists capped at
 * {@link #MAX_EVENTS} (further events are counted). Not thread-safe.
 */
final class ReviewAggregator {

    /** The longest event list kept per section. */
    static final int MAX_EVENTS = 500;
    /** The rows of a top list. */
    static final int TOP = 20;
    /** Distinct event types counted one by one; further application types count as {@code OTHER}. */
    static final int MAX_TYPES = 100;

    static final Set<String> CHANGES = Set.of("PERMISSION_CHANGE", "USER_CREATE", "USER_DELETE", "USER_LOCK",
            "USER_UNLOCK", "USER_PASSWORD_RESET");
    static final Set<String> OPERATIONS = Set.of("RECORDING_STOPPED", "RECORDING_RESUMED", "CAPACITY_WARNING",
            "RETENTION_PURGE", "RECOVERY", "CLOCK_ANOMALY", "RECORDS_LOST", "TRAIL_STOP");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReviewRules rules;
    private final SortedMap<LocalDate, SortedMap<String, Long>> perDay = new TreeMap<>();
    private final Set<String> types = new HashSet<>();
    private final TopCounter failedByActor = new TopCounter();
    private final TopCounter failedByIp = new TopCounter();
    private final BurstDetector actorBursts;
    private final BurstDetector ipBursts;
    private final EventList afterHours = new EventList();
    private final EventList changes = new EventList();
    private final EventList operations = new EventList();
    private final Map<List<String>, Review.SensitiveCount> sensitive = new HashMap<>();
    private long sensitiveOverflow;
    private final Map<String, Instant> stoppedAt = new HashMap<>();
    /** When each stop ended, by chain and the stop's time, to give the RECORDING_STOPPED rows their end. */
    private final Map<String, Instant> stopEnds = new HashMap<>();
    private long records;

    ReviewAggregator(ReviewRules rules) {
        this.rules = rules;
        this.actorBursts = new BurstDetector("actor", rules.burstFailures(), rules.burstWindow());
        this.ipBursts = new BurstDetector("ip", rules.burstFailures(), rules.burstWindow());
    }

    /** An event list capped at {@link #MAX_EVENTS}. */
    private static final class EventList {
        final List<Review.Event> items = new ArrayList<>();
        long more;

        void add(Review.Event event) {
            if (items.size() < MAX_EVENTS) {
                items.add(event);
            } else {
                more++;
            }
        }

        Review.Capped<Review.Event> capped() {
            return new Review.Capped<>(List.copyOf(items), more);
        }
    }

    /** Counts one record into every figure it belongs to. */
    void add(StoredRecord record) {
        records++;
        JsonNode line = parse(record);
        countPerDay(record);
        String type = record.type();
        if ("LOGIN_FAILURE".equals(type)) {
            failedLogin(record);
        }
        if (isAdmin(type, line) && rules.outsideOfficeHours(record.ts())) {
            afterHours.add(RecordRows.event(record, line, null, null));
        }
        if ("SENSITIVE_ACCESS".equals(type)) {
            sensitiveRead(record, line);
        }
        if (CHANGES.contains(type)) {
            changes.add(RecordRows.event(record, line, null, null));
        }
        if (OPERATIONS.contains(type)) {
            operation(record, line);
        }
    }

    private static JsonNode parse(StoredRecord record) {
        try {
            return JSON.readTree(record.line());
        } catch (IOException e) {
            throw new UncheckedIOException("record " + record.chain() + "#" + record.seq() + " is not JSON", e);
        }
    }

    private void countPerDay(StoredRecord record) {
        String type = types.contains(record.type()) || types.size() < MAX_TYPES ? record.type() : "OTHER";
        types.add(type);
        LocalDate day = record.ts().atZone(rules.zone()).toLocalDate();
        perDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(type, 1L, Long::sum);
    }

    private void failedLogin(StoredRecord record) {
        String actor = record.actorId() == null ? "-" : record.actorId();
        failedByActor.add(actor);
        actorBursts.add(actor, record.ts());
        if (record.ip() != null) {
            failedByIp.add(record.ip());
            ipBursts.add(record.ip(), record.ts());
        }
    }

    /** ADMIN_ACTION, or any application record by an actor flagged as an administrator. */
    private static boolean isAdmin(String type, JsonNode line) {
        return "ADMIN_ACTION".equals(type) || line.path("actor").path("admin").asBoolean(false);
    }

    private void sensitiveRead(StoredRecord record, JsonNode line) {
        JsonNode purposeNode = line.path("detail").path("purpose");
        String purpose = purposeNode.isMissingNode() || purposeNode.isNull() ? null : purposeNode.asText();
        List<String> key = Arrays.asList(record.actorId(), purpose);
        Review.SensitiveCount was = sensitive.get(key);
        if (was == null && sensitive.size() >= TopCounter.MAX_KEYS) {
            sensitiveOverflow++;
            return;
        }
        sensitive.put(key, was == null ? new Review.SensitiveCount(record.actorId(), purpose, 1, record.ts(), record.ts())
                : new Review.SensitiveCount(was.actor(), purpose, was.count() + 1, was.first(), record.ts()));
    }

    private void operation(StoredRecord record, JsonNode line) {
        String type = record.type();
        JsonNode detail = line.path("detail");
        Instant from = null;
        Instant to = null;
        switch (type) {
            case "RECORDING_STOPPED" -> {
                stoppedAt.put(record.chain(), record.ts());
                from = record.ts();
            }
            case "RECORDING_RESUMED" -> {
                from = endStop(record);
                to = record.ts();
            }
            case "TRAIL_STOP" -> {
                if (!detail.has("stopped")) {
                    return; // an orderly close is no incident
                }
                from = endStop(record);
                to = record.ts();
            }
            case "CLOCK_ANOMALY" -> {
                from = RecordRows.instant(detail.path("previous_ts"));
                to = RecordRows.instant(detail.path("ts"));
            }
            case "RECORDS_LOST", "RETENTION_PURGE", "RECOVERY", "CAPACITY_WARNING" -> {
                // the detail says what; no span in time
            }
            default -> throw new IllegalStateException(type);
        }
        operations.add(RecordRows.event(record, line, from, to));
    }

    private Instant endStop(StoredRecord record) {
        Instant from = stoppedAt.remove(record.chain());
        if (from != null && stopEnds.size() < MAX_EVENTS) {
            stopEnds.put(record.chain() + "@" + from, record.ts());
        }
        return from;
    }

    /** The RECORDING_STOPPED rows with the end of their stop, when it came within the period. */
    private Review.Capped<Review.Event> withStopEnds(Review.Capped<Review.Event> events) {
        List<Review.Event> items = new ArrayList<>();
        for (Review.Event e : events.items()) {
            Instant end = "RECORDING_STOPPED".equals(e.type()) ? stopEnds.get(e.chain() + "@" + e.ts()) : null;
            items.add(end == null ? e : new Review.Event(e.ts(), e.chain(), e.seq(), e.type(), e.outcome(), e.actor(),
                    e.actorName(), e.subject(), e.ip(), e.op(), e.detail(), e.spanFrom(), end));
        }
        return new Review.Capped<>(List.copyOf(items), events.more());
    }

    /** @return records counted so far */
    long records() {
        return records;
    }

    Review.FailedLogins failedLogins() {
        List<Review.Burst> bursts = new ArrayList<>(actorBursts.bursts());
        bursts.addAll(ipBursts.bursts());
        bursts.sort(Comparator.comparing(Review.Burst::start).thenComparing(Review.Burst::by)
                .thenComparing(Review.Burst::key));
        long dropped = actorBursts.notKept() + ipBursts.notKept();
        List<Review.Burst> kept = List.copyOf(bursts.subList(0, Math.min(MAX_EVENTS, bursts.size())));
        return new Review.FailedLogins(failedByActor.total(), failedByActor.top(TOP), failedByIp.top(TOP),
                new Review.Capped<>(kept, bursts.size() - kept.size() + dropped));
    }

    Review.Capped<Review.SensitiveCount> sensitive() {
        List<Review.SensitiveCount> all = new ArrayList<>(sensitive.values());
        all.sort(Comparator.comparingLong(Review.SensitiveCount::count).reversed()
                .thenComparing(s -> String.valueOf(s.actor())).thenComparing(s -> String.valueOf(s.purpose())));
        List<Review.SensitiveCount> kept = List.copyOf(all.subList(0, Math.min(MAX_EVENTS, all.size())));
        return new Review.Capped<>(kept, all.size() - kept.size() + sensitiveOverflow);
    }

    /** @return the review of what was added, with the integrity verdict and how reading went */
    Review review(String store, Instant from, Instant to, Instant generated, Review.Integrity integrity,
            Review.Reading reading) {
        SortedMap<LocalDate, SortedMap<String, Long>> days = new TreeMap<>();
        perDay.forEach((d, m) -> days.put(d, Collections.unmodifiableSortedMap(m)));
        return new Review(store, from, to, generated, rules.settings(), integrity, reading,
                Collections.unmodifiableSortedMap(days), failedLogins(), afterHours.capped(), sensitive(),
                changes.capped(), withStopEnds(operations.capped()));
    }
}
