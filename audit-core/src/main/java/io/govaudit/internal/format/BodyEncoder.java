package io.govaudit.internal.format;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditRecordRejectedException;
import io.govaudit.Location;
import io.govaudit.PersonalDataMasking;
import io.govaudit.Subject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Encodes the members of a record from {@code type} to {@code reason} — everything that does not
 * depend on the record's place in the chain — so producer threads can do this work in parallel
 * and the writer only adds {@code chain}, {@code seq}, {@code ts}, {@code prev} and {@code hash}.
 *
 * <p>Validation: every string member has a bound (identifiers 256 characters, {@code op} 1024,
 * {@code reason} 2048 …) and the whole record must fit {@code maxRecordBytes}; an event over a
 * bound is rejected naming the member, never truncated. Lone surrogates are replaced with U+FFFD
 * and counted in detail (docs/format.md sections 1-2).
 *
 * <p>Secrets: every string member of an application's event is masked by shape on the way in
 * ({@link Secrets#mask}); masking by name happened when the detail member was added.
 *
 * <p>Personal data: the free-text members of an application's event ({@code actor.name},
 * {@code subject.name}, {@code where.op}, {@code where.ua}, detail strings and list items,
 * {@code reason}) are then masked by {@link PersonalData#mask} under the trail's
 * {@link PersonalDataMasking}. Identifiers the record exists to hold ({@code actor.id},
 * {@code subject.id}, roles) and the trail's own location members are not.
 *
 * <p>Thread-safe: immutable configuration, and each thread's own {@link Work} for the
 * duration of one {@link #encode}. No application code runs during an encode (an event holds
 * only the JDK's own strings, booleans and numbers: {@code AuditEvent} copies a subclass of
 * {@code BigInteger} or {@code BigDecimal}), so an encode never re-enters on its thread.
 */
public final class BodyEncoder {

    /**
     * Room for {@code {"v":2,"chain":"…","seq":…,"ts":"…",}, a keyed record's {@code ep} and
     * {@code mac}, and the prev/hash suffix: the limit counts the whole line in every mode.
     */
    static final int ENVELOPE_BYTES = 64 + 64 + 20 + Timestamps.LENGTH + 26
            + RecordFormat.PREV_SUFFIX_LENGTH + RecordFormat.MAC_SUFFIX_LENGTH + RecordFormat.HASH_SUFFIX_LENGTH + 2;

    private static final int ID_CHARS = 256;
    private static final int NAME_CHARS = 256;
    private static final int ROLE_CHARS = 128;
    private static final int MAX_ROLES = 32;
    private static final int HOST_CHARS = 255;
    private static final int IP_CHARS = 64;
    private static final int OP_CHARS = 1024;
    private static final int UA_CHARS = 512;
    private static final int REASON_CHARS = 2048;
    private static final int MAX_DETAIL_MEMBERS = 64;
    private static final int MAX_LIST_ITEMS = 256;
    private static final String DETAIL_PREFIX = "detail.";

    /** Each thread's encoding state, reused from event to event (nothing allocated per event but the body). */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private final int maxRecordBytes;
    private final SessionHasher sessionHasher;
    private final PersonalData personalData;

    /**
     * Creates an encoder that masks personal data by {@link PersonalDataMasking#defaults()}.
     *
     * @param maxRecordBytes the largest encoded record allowed
     * @param sessionHasher  writes the keyed hash of session ids
     */
    public BodyEncoder(int maxRecordBytes, SessionHasher sessionHasher) {
        this(maxRecordBytes, sessionHasher, PersonalDataMasking.defaults());
    }

    /**
     * Creates an encoder.
     *
     * @param maxRecordBytes the largest encoded record allowed
     * @param sessionHasher  writes the keyed hash of session ids; personal-data hashes use a key
     *                       derived from its key
     * @param masking        which personal data to mask
     */
    public BodyEncoder(int maxRecordBytes, SessionHasher sessionHasher, PersonalDataMasking masking) {
        this.maxRecordBytes = maxRecordBytes;
        this.sessionHasher = sessionHasher;
        this.personalData = PersonalData.of(masking, sessionHasher);
    }

    /**
     * Validates and encodes the body of an event.
     *
     * @param event the event
     * @param where the event's location with the trail's defaults applied
     * @return the UTF-8 bytes of {@code "type":…} up to the last body member, without braces
     * @throws AuditRecordRejectedException if a member is missing, malformed or too large
     */
    public byte[] encode(AuditEvent event, Location where) {
        return encode(event, where, where.system(), where.host());
    }

    /**
     * Validates and encodes the body of an application's event, whose location takes the
     * trail's system and host where it names none ({@link Location#withDefaults}, without a
     * {@code Location} per event).
     *
     * @param event         the event
     * @param defaultSystem the trail's system
     * @param defaultHost   the trail's host
     * @return the UTF-8 bytes of {@code "type":…} up to the last body member, without braces
     * @throws AuditRecordRejectedException if a member is missing, malformed or too large
     */
    public byte[] encode(AuditEvent event, String defaultSystem, String defaultHost) {
        Location where = event.where();
        return encode(event, where, where.system() != null ? where.system() : defaultSystem,
                where.host() != null ? where.host() : defaultHost);
    }

    /** {@code system} and {@code host} stand for those of {@code where}. */
    private byte[] encode(AuditEvent event, Location where, String system, String host) {
        Work work = WORK.get();
        Scan scan = work.scan.reset(maxRecordBytes);
        scan(scan, event, where, system, host);
        byte[] body = write(work, event, where, system, host, scan.loneSurrogates);
        if (body.length + ENVELOPE_BYTES > maxRecordBytes) {
            throw new AuditRecordRejectedException(scan.largestMember(),
                    "makes the record " + (body.length + ENVELOPE_BYTES) + " bytes, over the limit of "
                            + maxRecordBytes + " bytes (this member is " + scan.largestLength
                            + " characters, the largest in the event)");
        }
        return body;
    }

    /** One thread's state for one encode at a time: the bytes, the two passes' visitors, the string rules. */
    private static final class Work {
        final JsonBytes json = new JsonBytes();
        final Scan scan = new Scan();
        final Strings strings = new Strings();
        final DetailWriter members = new DetailWriter(json, strings);
    }

    // ---- validation pass ----

    /**
     * What the validation pass found, and the detail members it visits ({@code Map.forEach}
     * visits the event's map without the iterator and entry wrappers of its read-only view).
     */
    private static final class Scan implements BiConsumer<String, Object> {
        int maxRecordBytes;
        int loneSurrogates;
        /** The largest member's name, or its detail key when {@link #largestInDetail}. */
        String largestName;
        boolean largestInDetail;
        int largestLength;

        Scan reset(int maxBytes) {
            maxRecordBytes = maxBytes;
            loneSurrogates = 0;
            largestName = "detail";
            largestInDetail = false;
            largestLength = -1;
            return this;
        }

        String largestMember() {
            return largestInDetail ? DETAIL_PREFIX + largestName : largestName;
        }

        @Override
        public void accept(String key, Object value) {
            if (value instanceof List<?>) {
                List<?> list = (List<?>) value;
                if (list.size() > MAX_LIST_ITEMS) {
                    throw new AuditRecordRejectedException(DETAIL_PREFIX + key,
                            "has " + list.size() + " items, over the limit of " + MAX_LIST_ITEMS);
                }
                for (Object item : list) {
                    checkDetail(key, item);
                }
            } else {
                checkDetail(key, value);
            }
        }

        private void checkDetail(String key, Object value) {
            if (value instanceof String) {
                check(this, DETAIL_PREFIX, key, (String) value, maxRecordBytes, false);
            }
        }
    }

    private void scan(Scan scan, AuditEvent event, Location where, String system, String host) {
        Actor actor = event.actor();
        check(scan, "actor.id", actor.id(), ID_CHARS, true);
        check(scan, "actor.name", actor.name(), NAME_CHARS, false);
        if (actor.roles().size() > MAX_ROLES) {
            throw new AuditRecordRejectedException("actor.roles",
                    "has " + actor.roles().size() + " entries, over the limit of " + MAX_ROLES);
        }
        for (String role : actor.roles()) {
            check(scan, "actor.roles", role, ROLE_CHARS, true);
        }
        check(scan, "actor.session", actor.rawSession(), ID_CHARS, false);
        Subject subject = event.subject();
        if (subject != null) {
            check(scan, "subject.id", subject.id(), ID_CHARS, true);
            check(scan, "subject.name", subject.name(), NAME_CHARS, false);
        }
        check(scan, "where.system", system, HOST_CHARS, true);
        check(scan, "where.host", host, HOST_CHARS, false);
        check(scan, "where.node", where.node(), HOST_CHARS, false);
        check(scan, "where.ip", where.ip(), IP_CHARS, false);
        check(scan, "where.op", where.op(), OP_CHARS, false);
        check(scan, "where.ua", where.ua(), UA_CHARS, false);
        Map<String, Object> detail = event.detail();
        if (detail.size() > MAX_DETAIL_MEMBERS) {
            throw new AuditRecordRejectedException("detail",
                    "has " + detail.size() + " members, over the limit of " + MAX_DETAIL_MEMBERS);
        }
        detail.forEach(scan);
        check(scan, "reason", event.reason(), REASON_CHARS, false);
    }

    private static void check(Scan scan, String member, String value, int maxChars, boolean required) {
        check(scan, null, member, value, maxChars, required);
    }

    /**
     * Checks one string member, named {@code prefix + name} ({@code prefix} null for none): the
     * name of a detail member is put together only for an error or when it is the largest.
     */
    private static void check(Scan scan, String prefix, String name, String value, int maxChars, boolean required) {
        if (value == null) {
            if (required) {
                throw new AuditRecordRejectedException(member(prefix, name), "is missing");
            }
            return;
        }
        if (required && value.isBlank()) {
            throw new AuditRecordRejectedException(member(prefix, name), "is blank");
        }
        if (value.length() > maxChars) {
            throw new AuditRecordRejectedException(member(prefix, name),
                    "is " + value.length() + " characters, over the limit of " + maxChars);
        }
        if (value.length() > scan.largestLength) {
            scan.largestLength = value.length();
            scan.largestName = name;
            scan.largestInDetail = prefix != null;
        }
        scan.loneSurrogates += countLoneSurrogates(value);
    }

    private static String member(String prefix, String name) {
        return prefix == null ? name : prefix + name;
    }

    static int countLoneSurrogates(String value) {
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                count++;
            }
        }
        return count;
    }

    static String replaceLoneSurrogates(String value) {
        if (countLoneSurrogates(value) == 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    // ---- encoding pass ----

    /**
     * Writes the members straight to UTF-8 ({@link JsonBytes}, the bytes Jackson wrote before,
     * without a generator per event), without the object's braces: the writer places these
     * members between ts and prev.
     */
    private byte[] write(Work work, AuditEvent event, Location where, String system, String host,
            int loneSurrogates) {
        JsonBytes json = work.json.reset();
        Strings strings = work.strings.reset(loneSurrogates > 0,
                event.type().isLibraryType() ? null : personalData);
        json.raw("\"type\":").string(event.type().code());
        json.raw(",\"outcome\":").string(event.outcome().name());
        writeActor(json, strings, event.actor());
        writeSubject(json, strings, event.subject());
        writeWhere(json, strings, where, system, host);
        writeDetail(json, work.members, event.detail(), loneSurrogates);
        text(json, strings, ",\"reason\":", event.reason());
        return json.toByteArray();
    }

    private void writeActor(JsonBytes json, Strings strings, Actor actor) {
        json.raw(",\"actor\":{\"id\":").string(strings.clean(actor.id()));
        text(json, strings, ",\"name\":", actor.name());
        if (!actor.roles().isEmpty()) {
            json.raw(",\"roles\":[");
            boolean first = true;
            for (String role : actor.roles()) {
                if (!first) {
                    json.raw(',');
                }
                json.string(strings.clean(role));
                first = false;
            }
            json.raw(']');
        }
        if (actor.admin()) {
            json.raw(",\"admin\":true");
        }
        if (actor.rawSession() != null) {
            json.raw(",\"session\":").string(sessionHasher.hash(actor.rawSession()));
        }
        json.raw('}');
    }

    private static void writeSubject(JsonBytes json, Strings strings, Subject subject) {
        if (subject == null) {
            return;
        }
        json.raw(",\"subject\":{\"kind\":").string(subject.kind());
        json.raw(",\"id\":").string(strings.clean(subject.id()));
        text(json, strings, ",\"name\":", subject.name());
        json.raw('}');
    }

    private static void writeWhere(JsonBytes json, Strings strings, Location where, String system, String host) {
        json.raw(",\"where\":{\"system\":").string(strings.clean(system));
        optional(json, strings, ",\"host\":", host);
        optional(json, strings, ",\"node\":", where.node());
        optional(json, strings, ",\"ip\":", where.ip());
        text(json, strings, ",\"op\":", where.op());
        text(json, strings, ",\"ua\":", where.ua());
        json.raw('}');
    }

    private static void writeDetail(JsonBytes json, DetailWriter members, Map<String, Object> detail,
            int loneSurrogates) {
        if (detail.isEmpty() && loneSurrogates == 0) {
            return;
        }
        json.raw(",\"detail\":{");
        members.first = true;
        detail.forEach(members);
        if (loneSurrogates > 0) {
            if (!members.first) {
                json.raw(',');
            }
            json.string(RecordFormat.REPLACED_SURROGATES).raw(':').number(loneSurrogates);
        }
        json.raw('}');
    }

    /** Writes the detail members in the map's order (see {@link Scan} for why a visitor). */
    private static final class DetailWriter implements BiConsumer<String, Object> {
        private final JsonBytes json;
        private final Strings strings;
        boolean first;

        DetailWriter(JsonBytes json, Strings strings) {
            this.json = json;
            this.strings = strings;
        }

        @Override
        public void accept(String key, Object value) {
            if (!first) {
                json.raw(',');
            }
            first = false;
            json.string(key).raw(':');
            if (value instanceof List<?>) {
                json.raw('[');
                boolean firstItem = true;
                for (Object item : (List<?>) value) {
                    if (!firstItem) {
                        json.raw(',');
                    }
                    firstItem = false;
                    writeScalar(json, strings, item);
                }
                json.raw(']');
            } else {
                writeScalar(json, strings, value);
            }
        }
    }

    private static void writeScalar(JsonBytes json, Strings strings, Object value) {
        if (value instanceof String) {
            json.string(strings.text((String) value));
        } else if (value instanceof Boolean) {
            json.bool((Boolean) value);
        } else if (value instanceof BigDecimal) {
            json.number((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            json.number((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            json.number(((Number) value).doubleValue());
        } else {
            json.number(((Number) value).longValue());
        }
    }

    /** An optional member: {@code prefix} is its comma and quoted name with the colon. */
    private static void optional(JsonBytes json, Strings strings, String prefix, String value) {
        if (value != null) {
            json.raw(prefix).string(strings.clean(value));
        }
    }

    /** An optional free-text member: cleaned, then personal data masked. */
    private static void text(JsonBytes json, Strings strings, String prefix, String value) {
        if (value != null) {
            json.raw(prefix).string(strings.text(value));
        }
    }

    /**
     * What happens to every string member on its way into the record: lone surrogates are
     * replaced (only when the scan found some, to keep the common path free), and secret-shaped
     * text is masked ({@link Secrets#mask}, one pass that allocates nothing when there is no
     * secret). Free text ({@link #text}) then has personal data masked. The library's own
     * records are not masked: they hold key ids, public keys and signatures that the verifier
     * reads back, and no secret or personal data.
     */
    private static final class Strings {
        private boolean replace;
        private PersonalData personalData; // null: a library record, nothing masked
        /** Secrets' loop reports the first digit or {@code @} here, so free text is read once. */
        private final int[] firstTrigger = new int[1];

        Strings reset(boolean replaceSurrogates, PersonalData masking) {
            this.replace = replaceSurrogates;
            this.personalData = masking;
            return this;
        }

        String clean(String value) {
            String replaced = replace ? replaceLoneSurrogates(value) : value;
            return personalData != null ? Secrets.mask(replaced) : replaced;
        }

        String text(String value) {
            if (personalData == null || !personalData.masksBuiltIn()) {
                String cleaned = clean(value);
                return personalData != null ? personalData.mask(cleaned) : cleaned;
            }
            String replaced = replace ? replaceLoneSurrogates(value) : value;
            String cleaned = Secrets.mask(replaced, firstTrigger);
            return personalData.mask(cleaned, firstTrigger[0]);
        }
    }
}
