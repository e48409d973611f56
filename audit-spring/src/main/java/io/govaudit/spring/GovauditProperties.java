package io.govaudit.spring;

import io.govaudit.CapacityPolicy;
import io.govaudit.ComplianceLevel;
import io.govaudit.Durability;
import io.govaudit.PersonalDataMasking;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code govaudit.*} properties: a thin mirror of {@link io.govaudit.AuditTrail.Builder}
 * (STYLE S12) plus what the web integration needs.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("govaudit")
public class GovauditProperties {

    /**
     * The file store; the trail is created only when its directory is set.
     */
    private final File file = new File();

    /**
     * Authorities that mark an administrator account, e.g. ROLE_ADMIN: their state-changing
     * requests are recorded as ADMIN_ACTION and their records carry actor.admin = true.
     */
    private List<String> adminRoles = new ArrayList<>();

    /**
     * The chain id ([A-Za-z0-9._-]{1,64}). Default: spring.application.name + "-" + the host
     * name, other characters replaced by "-" and cut to 64 characters.
     */
    private String chainId;

    /**
     * The system name written as where.system. Default: spring.application.name, else
     * "application".
     */
    private String system;

    /**
     * When a record is durable: SYNC (before record() returns) or ASYNC (group commit). Unset:
     * the core default, SYNC. Maps to AuditTrail.Builder#durability.
     */
    private Durability durability;

    /**
     * Web settings: how the client's address is found.
     */
    private final Web web = new Web();

    /**
     * Actuator settings: who may use the govaudit endpoint.
     */
    private final Actuator actuator = new Actuator();

    /**
     * Returns the file store settings.
     *
     * @return the file store settings
     */
    public File getFile() {
        return file;
    }

    /**
     * Returns the administrator authorities.
     *
     * @return the authorities, e.g. ROLE_ADMIN
     */
    public List<String> getAdminRoles() {
        return adminRoles;
    }

    /**
     * Sets the administrator authorities.
     *
     * @param adminRoles the authorities
     */
    public void setAdminRoles(List<String> adminRoles) {
        this.adminRoles = adminRoles;
    }

    /**
     * Returns the configured chain id.
     *
     * @return the chain id, or null for the default
     */
    public String getChainId() {
        return chainId;
    }

    /**
     * Sets the chain id.
     *
     * @param chainId the chain id
     */
    public void setChainId(String chainId) {
        this.chainId = chainId;
    }

    /**
     * Returns the configured system name.
     *
     * @return the system name, or null for the default
     */
    public String getSystem() {
        return system;
    }

    /**
     * Sets the system name.
     *
     * @param system the system name
     */
    public void setSystem(String system) {
        this.system = system;
    }

    /**
     * Returns the durability.
     *
     * @return the durability, or null for the core default
     */
    public Durability getDurability() {
        return durability;
    }

    /**
     * Sets the durability.
     *
     * @param durability the durability
     */
    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    /**
     * Returns the web settings.
     *
     * @return the web settings
     */
    public Web getWeb() {
        return web;
    }

    /**
     * User management recording: the application's UserDetailsManager beans.
     */
    private final UserDetails userDetails = new UserDetails();

    /**
     * Returns the user management recording settings.
     *
     * @return the settings
     */
    public UserDetails getUserDetails() {
        return userDetails;
    }

    /**
     * Returns the actuator settings.
     *
     * @return the actuator settings
     */
    public Actuator getActuator() {
        return actuator;
    }

    /** The file store. */
    public static class File {

        /**
         * The store directory (one sub-directory per chain, created 0700). Setting it turns the
         * audit trail on.
         */
        private Path directory;

        /**
         * Returns the store directory.
         *
         * @return the directory, or null
         */
        public Path getDirectory() {
            return directory;
        }

        /**
         * Sets the store directory.
         *
         * @param directory the directory
         */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /**
         * Lets the owner's group read the records (directories 0750, segments 0640/0440), for an
         * auditors' group. Unset: the core default, false (owner only). Maps to
         * AuditTrail.Builder#groupReadable.
         */
        private Boolean groupReadable;

        /**
         * Gzips closed segments on a background thread. Unset: the core default, false. Maps to
         * AuditTrail.Builder#compressClosedSegments.
         */
        private Boolean compressClosedSegments;

        /**
         * Returns whether records are group-readable.
         *
         * @return the setting, or null for the core default
         */
        public Boolean getGroupReadable() {
            return groupReadable;
        }

        /**
         * Sets whether records are group-readable.
         *
         * @param groupReadable the setting
         */
        public void setGroupReadable(Boolean groupReadable) {
            this.groupReadable = groupReadable;
        }

        /**
         * Returns whether closed segments are gzipped.
         *
         * @return the setting, or null for the core default
         */
        public Boolean getCompressClosedSegments() {
            return compressClosedSegments;
        }

        /**
         * Sets whether closed segments are gzipped.
         *
         * @param compressClosedSegments the setting
         */
        public void setCompressClosedSegments(Boolean compressClosedSegments) {
            this.compressClosedSegments = compressClosedSegments;
        }
    }

    /** Web settings. */
    public static class Web {

        /**
         * Proxies (CIDRs such as 10.0.0.0/8 or fd00::/8, or single addresses) whose forwarding
         * header (see forwarded-header) is believed. Empty (the default): the socket peer is the client
         * and the header is ignored.
         */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * The header the trusted proxies write: X_FORWARDED_FOR (the default) or FORWARDED (RFC
         * 7239). Only this one is read; the other is passed through from the client by such a
         * proxy and is never believed.
         */
        private ClientAddress.Header forwardedHeader = ClientAddress.Header.X_FORWARDED_FOR;

        /**
         * Whether administrators' GET requests are recorded as ADMIN_ACTION too (reads of pages
         * and APIs). Default false: only state-changing requests.
         */
        private boolean recordGetRequests;

        /**
         * Returns the header the trusted proxies write.
         *
         * @return the header
         */
        public ClientAddress.Header getForwardedHeader() {
            return forwardedHeader;
        }

        /**
         * Sets the header the trusted proxies write.
         *
         * @param forwardedHeader the header
         */
        public void setForwardedHeader(ClientAddress.Header forwardedHeader) {
            this.forwardedHeader = forwardedHeader;
        }

        /**
         * Tells whether administrators' GET requests are recorded.
         *
         * @return true to record them
         */
        public boolean isRecordGetRequests() {
            return recordGetRequests;
        }

        /**
         * Sets whether administrators' GET requests are recorded.
         *
         * @param recordGetRequests true to record them
         */
        public void setRecordGetRequests(boolean recordGetRequests) {
            this.recordGetRequests = recordGetRequests;
        }

        /**
         * Returns the trusted proxies.
         *
         * @return the CIDRs
         */
        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        /**
         * Sets the trusted proxies.
         *
         * @param trustedProxies the CIDRs
         */
        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }
    }

    // The core settings (issue 13): each maps 1:1 onto AuditTrail.Builder or a policy factory,
    // and an unset property (null) leaves the core default, which is documented there only.

    /**
     * Where the chain is kept: FILE (govaudit.file.directory) or JDBC (the application's
     * DataSource, with io.govaudit:audit-jdbc). Maps to AuditTrail.Builder#directory or #store.
     */
    private Store store = Store.FILE;

    /**
     * When the active segment is closed.
     */
    private final Segment segment = new Segment();

    /**
     * The largest encoded record accepted, from 1KB to 1MB; larger events are rejected, never
     * truncated. Unset: the core default, 16KB. Maps to AuditTrail.Builder#maxRecordBytes.
     */
    private DataSize maxRecordBytes;

    /**
     * How many records may wait for the writer, from 1 to 1048576. Unset: the core default,
     * 4096. Maps to AuditTrail.Builder#queueCapacity.
     */
    private Integer queueCapacity;

    /**
     * How long records are kept (RetentionPolicy).
     */
    private final Retention retention = new Retention();

    /**
     * The storage bound and the action when it is reached or a write fails (CapacityPolicy).
     */
    private final Capacity capacity = new Capacity();

    /**
     * Continues, for this one start, a chain whose records end before the writer's head mark,
     * writing RECORDS_LOST (docs/operations.md). Set it once after the operator's decision, then
     * remove it. Unset: the core default, false. Maps to AuditTrail.Builder#acceptLostRecords.
     */
    private Boolean acceptLostRecords;

    /**
     * The keyed chain (HMAC epoch keys).
     */
    private final Keys keys = new Keys();

    /**
     * Signed checkpoints (Ed25519).
     */
    private final Signing signing = new Signing();

    /**
     * When checkpoints are due.
     */
    private final Checkpoint checkpoint = new Checkpoint();

    /**
     * After how long a checkpoint is written even when nothing was recorded. Unset: the core
     * default, 5 minutes. Maps to AuditTrail.Builder#heartbeat.
     */
    private Duration heartbeat;

    /**
     * Where signed checkpoints are published besides the log (AnchorSink); needs
     * govaudit.signing.key. AnchorSink beans of the application are added too.
     */
    private final Anchors anchors = new Anchors();

    /**
     * Which personal identifiers are masked in free text (PersonalDataMasking).
     */
    private final Masking masking = new Masking();

    /**
     * The JDBC store (govaudit.store=jdbc).
     */
    private final Jdbc jdbc = new Jdbc();

    /**
     * Returns the store kind.
     *
     * @return FILE or JDBC
     */
    public Store getStore() {
        return store;
    }

    /**
     * Sets the store kind.
     *
     * @param store FILE or JDBC
     */
    public void setStore(Store store) {
        this.store = store;
    }

    /**
     * Returns the segment settings.
     *
     * @return the segment settings
     */
    public Segment getSegment() {
        return segment;
    }

    /**
     * Returns the largest record size.
     *
     * @return the size, or null for the core default
     */
    public DataSize getMaxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Sets the largest record size.
     *
     * @param maxRecordBytes the size
     */
    public void setMaxRecordBytes(DataSize maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Returns the queue capacity.
     *
     * @return the capacity, or null for the core default
     */
    public Integer getQueueCapacity() {
        return queueCapacity;
    }

    /**
     * Sets the queue capacity.
     *
     * @param queueCapacity the capacity
     */
    public void setQueueCapacity(Integer queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /**
     * Returns the retention settings.
     *
     * @return the retention settings
     */
    public Retention getRetention() {
        return retention;
    }

    /**
     * Returns the capacity settings.
     *
     * @return the capacity settings
     */
    public Capacity getCapacity() {
        return capacity;
    }

    /**
     * Returns whether lost records are accepted on this start.
     *
     * @return the setting, or null for the core default
     */
    public Boolean getAcceptLostRecords() {
        return acceptLostRecords;
    }

    /**
     * Sets whether lost records are accepted on this start.
     *
     * @param acceptLostRecords the setting
     */
    public void setAcceptLostRecords(Boolean acceptLostRecords) {
        this.acceptLostRecords = acceptLostRecords;
    }

    /**
     * Returns the key settings.
     *
     * @return the key settings
     */
    public Keys getKeys() {
        return keys;
    }

    /**
     * Returns the signing settings.
     *
     * @return the signing settings
     */
    public Signing getSigning() {
        return signing;
    }

    /**
     * Returns the checkpoint settings.
     *
     * @return the checkpoint settings
     */
    public Checkpoint getCheckpoint() {
        return checkpoint;
    }

    /**
     * Returns the heartbeat.
     *
     * @return the heartbeat, or null for the core default
     */
    public Duration getHeartbeat() {
        return heartbeat;
    }

    /**
     * Sets the heartbeat.
     *
     * @param heartbeat the heartbeat
     */
    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    /**
     * Returns the anchor settings.
     *
     * @return the anchor settings
     */
    public Anchors getAnchors() {
        return anchors;
    }

    /**
     * Returns the masking settings.
     *
     * @return the masking settings
     */
    public Masking getMasking() {
        return masking;
    }

    /**
     * Returns the JDBC store settings.
     *
     * @return the JDBC store settings
     */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /** Alert delivery to people outside the store: a webhook and e-mail (B8). */
    private final Alerts alerts = new Alerts();

    /**
     * Returns the alert delivery settings.
     *
     * @return the alert delivery settings
     */
    public Alerts getAlerts() {
        return alerts;
    }

    /** Where the chain is kept. */
    public enum Store {
        /** A directory: govaudit.file.directory. */
        FILE,
        /** The application's DataSource through io.govaudit:audit-jdbc. */
        JDBC
    }

    /** When the active segment is closed. */
    public static class Segment {

        /**
         * The size at which the active segment is closed: at least 4KB and at least
         * govaudit.max-record-bytes. Unset: the core default, 64MB. Maps to
         * AuditTrail.Builder#segmentMaxBytes.
         */
        private DataSize maxBytes;

        /**
         * The age (from its first record) at which the active segment is closed. Unset: the core
         * default, 1 day. Maps to AuditTrail.Builder#segmentMaxAge.
         */
        private Duration maxAge;

        /**
         * Returns the segment size bound.
         *
         * @return the size, or null for the core default
         */
        public DataSize getMaxBytes() {
            return maxBytes;
        }

        /**
         * Sets the segment size bound.
         *
         * @param maxBytes the size
         */
        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        /**
         * Returns the segment age bound.
         *
         * @return the age, or null for the core default
         */
        public Duration getMaxAge() {
            return maxAge;
        }

        /**
         * Sets the segment age bound.
         *
         * @param maxAge the age
         */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }

    /**
     * How long records are kept:
     * RetentionPolicy.minimum(minimum).belowSixMonths(belowSixMonthsReason).maximum(maximum).
     */
    public static class Retention {

        /**
         * How long every record is kept at least, e.g. 6m or P1Y. Unset: the core default, six
         * months. Maps to RetentionPolicy#minimum.
         */
        private Period minimum;

        /**
         * The age after which closed segments are deleted (each purge attested by a
         * RETENTION_PURGE record), at least the minimum. Unset: nothing is deleted by age. Maps
         * to RetentionPolicy#maximum.
         */
        private Period maximum;

        /**
         * Returns the minimum retention.
         *
         * @return the period, or null for the core default
         */
        public Period getMinimum() {
            return minimum;
        }

        /**
         * Sets the minimum retention.
         *
         * @param minimum the period
         */
        public void setMinimum(Period minimum) {
            this.minimum = minimum;
        }

        /**
         * Returns the maximum retention.
         *
         * @return the period, or null
         */
        public Period getMaximum() {
            return maximum;
        }

        /**
         * Sets the maximum retention.
         *
         * @param maximum the period
         */
        public void setMaximum(Period maximum) {
            this.maximum = maximum;
        }

        /**
         * The written justification of a minimum below six months (who approved it, why; one
         * line, at most 500 characters), recorded in TRAIL_START. Without it such a minimum is
         * refused. Maps to RetentionPolicy#belowSixMonths.
         */
        private String belowSixMonthsReason;

        /**
         * Returns the justification of a minimum below six months.
         *
         * @return the reason, or null
         */
        public String getBelowSixMonthsReason() {
            return belowSixMonthsReason;
        }

        /**
         * Sets the justification of a minimum below six months.
         *
         * @param belowSixMonthsReason the reason
         */
        public void setBelowSixMonthsReason(String belowSixMonthsReason) {
            this.belowSixMonthsReason = belowSixMonthsReason;
        }
    }

    /**
     * The storage bound and the action when full:
     * CapacityPolicy.maxBytes(maxBytes).warnAt(warnAt).onFull(onFull).reserveBytes(reserveBytes)
     * .overwriteWithinRetention(overwriteWithinRetentionReason).
     */
    public static class Capacity {

        /**
         * The bound on the chain's stored bytes, at least 64KB and at least twice
         * govaudit.segment.max-bytes. Unset: unbounded. Maps to CapacityPolicy#maxBytes.
         */
        private DataSize maxBytes;

        /**
         * The percentage of max-bytes at which CAPACITY_WARNING is raised, from 1 to 100. Unset:
         * the core default, 80. Maps to CapacityPolicy#warnAt.
         */
        private Integer warnAt;

        /**
         * What happens when the store is full or a write fails: OVERWRITE_OLDEST,
         * STOP_RECORDING or FAIL_CLOSED. Unset: the core default, STOP_RECORDING. Maps to
         * CapacityPolicy#onFull.
         */
        private CapacityPolicy.OnFull onFull;

        /**
         * The reserve beyond max-bytes for the library's own records, from 16KB to 64MB. Unset:
         * the core default, 1MB. Maps to CapacityPolicy#reserveBytes.
         */
        private DataSize reserveBytes;

        /**
         * Returns the bound.
         *
         * @return the bound, or null for unbounded
         */
        public DataSize getMaxBytes() {
            return maxBytes;
        }

        /**
         * Sets the bound.
         *
         * @param maxBytes the bound
         */
        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        /**
         * Returns the warning percentage.
         *
         * @return the percentage, or null for the core default
         */
        public Integer getWarnAt() {
            return warnAt;
        }

        /**
         * Sets the warning percentage.
         *
         * @param warnAt the percentage
         */
        public void setWarnAt(Integer warnAt) {
            this.warnAt = warnAt;
        }

        /**
         * Returns the action when full.
         *
         * @return the action, or null for the core default
         */
        public CapacityPolicy.OnFull getOnFull() {
            return onFull;
        }

        /**
         * Sets the action when full.
         *
         * @param onFull the action
         */
        public void setOnFull(CapacityPolicy.OnFull onFull) {
            this.onFull = onFull;
        }

        /**
         * Returns the reserve.
         *
         * @return the reserve, or null for the core default
         */
        public DataSize getReserveBytes() {
            return reserveBytes;
        }

        /**
         * Sets the reserve.
         *
         * @param reserveBytes the reserve
         */
        public void setReserveBytes(DataSize reserveBytes) {
            this.reserveBytes = reserveBytes;
        }

        /**
         * With on-full OVERWRITE_OLDEST: the written justification (who approved it, why; one
         * line, at most 500 characters) for deleting records younger than the retention minimum
         * when full, recorded in TRAIL_START. Unset: the retention floor holds and a full store
         * stops recording instead. Maps to CapacityPolicy#overwriteWithinRetention.
         */
        private String overwriteWithinRetentionReason;

        /**
         * Returns the justification for overwriting within retention.
         *
         * @return the reason, or null
         */
        public String getOverwriteWithinRetentionReason() {
            return overwriteWithinRetentionReason;
        }

        /**
         * Sets the justification for overwriting within retention.
         *
         * @param overwriteWithinRetentionReason the reason
         */
        public void setOverwriteWithinRetentionReason(String overwriteWithinRetentionReason) {
            this.overwriteWithinRetentionReason = overwriteWithinRetentionReason;
        }
    }

    /** The keyed chain. */
    public static class Keys {

        /**
         * The 32-byte HMAC seed file (64 hex characters, as audit-cli keygen writes it) that
         * makes the chain keyed; read once, when the chain is not keyed yet. Maps to
         * AuditTrail.Builder#hmacSeed.
         */
        private Path hmacSeed;

        /**
         * How long one key epoch lasts. Unset: the core default, 1 hour. Maps to
         * AuditTrail.Builder#epochLength.
         */
        private Duration epochLength;

        /**
         * Returns the seed file.
         *
         * @return the file, or null
         */
        public Path getHmacSeed() {
            return hmacSeed;
        }

        /**
         * Sets the seed file.
         *
         * @param hmacSeed the file
         */
        public void setHmacSeed(Path hmacSeed) {
            this.hmacSeed = hmacSeed;
        }

        /**
         * Returns the epoch length.
         *
         * @return the length, or null for the core default
         */
        public Duration getEpochLength() {
            return epochLength;
        }

        /**
         * Sets the epoch length.
         *
         * @param epochLength the length
         */
        public void setEpochLength(Duration epochLength) {
            this.epochLength = epochLength;
        }
    }

    /** Signed checkpoints. */
    public static class Signing {

        /**
         * The Ed25519 private key file (PKCS#8 PEM, 0600) that signs checkpoints. Maps to
         * AuditTrail.Builder#signingKey.
         */
        private Path key;

        /**
         * The private key file that signed the chain so far, to rotate to govaudit.signing.key
         * (a KEY_ROTATION record). Maps to AuditTrail.Builder#previousSigningKey.
         */
        private Path previousKey;

        /**
         * Returns the signing key file.
         *
         * @return the file, or null
         */
        public Path getKey() {
            return key;
        }

        /**
         * Sets the signing key file.
         *
         * @param key the file
         */
        public void setKey(Path key) {
            this.key = key;
        }

        /**
         * Returns the previous signing key file.
         *
         * @return the file, or null
         */
        public Path getPreviousKey() {
            return previousKey;
        }

        /**
         * Sets the previous signing key file.
         *
         * @param previousKey the file
         */
        public void setPreviousKey(Path previousKey) {
            this.previousKey = previousKey;
        }
    }

    /** When checkpoints are due. */
    public static class Checkpoint {

        /**
         * After how many records a checkpoint is due, at least 1. Unset: the core default, 10000.
         * Maps to AuditTrail.Builder#checkpointEvery.
         */
        private Integer every;

        /**
         * After how long a checkpoint is due when records were written. Unset: the core default,
         * 1 minute. Maps to AuditTrail.Builder#checkpointInterval.
         */
        private Duration interval;

        /**
         * Returns the record count.
         *
         * @return the count, or null for the core default
         */
        public Integer getEvery() {
            return every;
        }

        /**
         * Sets the record count.
         *
         * @param every the count
         */
        public void setEvery(Integer every) {
            this.every = every;
        }

        /**
         * Returns the interval.
         *
         * @return the interval, or null for the core default
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the interval.
         *
         * @param interval the interval
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** Where signed checkpoints are published. */
    public static class Anchors {

        /**
         * A directory (ideally on another disk or host) where each signed checkpoint is appended
         * to &lt;chain&gt;.anchors. Maps to AuditTrail.Builder#anchorSink(AnchorSink.directory(dir)).
         */
        private Path directory;

        /**
         * Also logs each anchor through SLF4J logger io.govaudit.anchor, for a SIEM. Default
         * false. Maps to AuditTrail.Builder#anchorSink(AnchorSink.logging()).
         */
        private boolean logging;

        /**
         * Returns the anchor directory.
         *
         * @return the directory, or null
         */
        public Path getDirectory() {
            return directory;
        }

        /**
         * Sets the anchor directory.
         *
         * @param directory the directory
         */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /**
         * Returns whether anchors are logged.
         *
         * @return true if anchors are logged
         */
        public boolean isLogging() {
            return logging;
        }

        /**
         * Sets whether anchors are logged.
         *
         * @param logging true to log anchors
         */
        public void setLogging(boolean logging) {
            this.logging = logging;
        }
    }

    /** Personal data masking: PersonalDataMasking.builder().rules(…).pattern(…).keyedHash(…). */
    public static class Masking {

        /**
         * Exactly the built-in rules in force (TW_ID, TW_RESIDENT_ID, MOBILE, LANDLINE, EMAIL,
         * CARD); an empty value turns them all off, which TRAIL_START records. Unset: the core
         * default, every rule. Maps to PersonalDataMasking.Builder#rules.
         */
        private List<PersonalDataMasking.Rule> rules;

        /**
         * Custom patterns, run in this order after the built-in rules, e.g.
         * govaudit.masking.patterns[0].name=NHI_CARD and
         * govaudit.masking.patterns[0].regex=\\b\\d{12}\\b. Maps to
         * PersonalDataMasking.Builder#pattern.
         */
        private List<MaskingPattern> patterns = new ArrayList<>();

        /**
         * Appends a keyed hash to every masked value so records about one person can be
         * correlated. Unset: the core default, false. Maps to PersonalDataMasking.Builder#keyedHash.
         */
        private Boolean keyedHash;

        /**
         * Returns the built-in rules.
         *
         * @return the rules, or null for the core default
         */
        public List<PersonalDataMasking.Rule> getRules() {
            return rules;
        }

        /**
         * Sets the built-in rules.
         *
         * @param rules the rules
         */
        public void setRules(List<PersonalDataMasking.Rule> rules) {
            this.rules = rules;
        }

        /**
         * Returns the custom patterns.
         *
         * @return the patterns, in the order they run
         */
        public List<MaskingPattern> getPatterns() {
            return patterns;
        }

        /**
         * Sets the custom patterns.
         *
         * @param patterns the patterns
         */
        public void setPatterns(List<MaskingPattern> patterns) {
            this.patterns = patterns;
        }

        /**
         * Returns whether the keyed hash is written.
         *
         * @return the setting, or null for the core default
         */
        public Boolean getKeyedHash() {
            return keyedHash;
        }

        /**
         * Sets whether the keyed hash is written.
         *
         * @param keyedHash the setting
         */
        public void setKeyedHash(Boolean keyedHash) {
            this.keyedHash = keyedHash;
        }
    }

    /** One custom masking pattern. */
    public static class MaskingPattern {

        /**
         * The pattern's name, written into TRAIL_START: 1 to 32 characters of A-Z a-z 0-9 _ -,
         * starting with a letter.
         */
        private String name;

        /**
         * The regular expression (java.util.regex) whose matches are masked; must not match the
         * empty string.
         */
        private String regex;

        /**
         * Returns the name.
         *
         * @return the name
         */
        public String getName() {
            return name;
        }

        /**
         * Sets the name.
         *
         * @param name the name
         */
        public void setName(String name) {
            this.name = name;
        }

        /**
         * Returns the regular expression.
         *
         * @return the regular expression
         */
        public String getRegex() {
            return regex;
        }

        /**
         * Sets the regular expression.
         *
         * @param regex the regular expression
         */
        public void setRegex(String regex) {
            this.regex = regex;
        }
    }

    /** The JDBC store (io.govaudit.jdbc.JdbcAuditStore on the application's DataSource). */
    public static class Jdbc {

        /**
         * When the audit tables are installed at startup (JdbcSchema.install, idempotent): ALWAYS,
         * EMBEDDED (only when the database is H2, which runs inside the application) or NEVER
         * (the DBA installs JdbcSchema.script as the tables' owner and grants the application's
         * role only JdbcSchema.grantStatements, so it cannot alter or drop the append-only rules).
         */
        private InstallSchema installSchema = InstallSchema.EMBEDDED;

        /**
         * A local directory (created 0700) for the key that hashes session ids and a keyed or
         * signed chain's key state; required with govaudit.keys.hmac-seed or
         * govaudit.signing.key. Maps to JdbcAuditStore.Builder#stateDirectory.
         */
        private Path stateDirectory;

        /**
         * The name this writer gives in audit_chain, shown to a refused second writer. Unset:
         * the host name and process id. Maps to JdbcAuditStore.Builder#holder.
         */
        private String holder;

        /**
         * Returns when the schema is installed.
         *
         * @return the mode
         */
        public InstallSchema getInstallSchema() {
            return installSchema;
        }

        /**
         * Sets when the schema is installed.
         *
         * @param installSchema the mode
         */
        public void setInstallSchema(InstallSchema installSchema) {
            this.installSchema = installSchema;
        }

        /**
         * Returns the state directory.
         *
         * @return the directory, or null
         */
        public Path getStateDirectory() {
            return stateDirectory;
        }

        /**
         * Sets the state directory.
         *
         * @param stateDirectory the directory
         */
        public void setStateDirectory(Path stateDirectory) {
            this.stateDirectory = stateDirectory;
        }

        /**
         * Returns the holder name.
         *
         * @return the name, or null for the default
         */
        public String getHolder() {
            return holder;
        }

        /**
         * Sets the holder name.
         *
         * @param holder the name
         */
        public void setHolder(String holder) {
            this.holder = holder;
        }
    }

    /** When the JDBC store's tables are installed at startup. */
    public enum InstallSchema {
        /** Always: JdbcSchema.install, as the DataSource's role (which then owns the tables). */
        ALWAYS,
        /** Only when the database is H2. */
        EMBEDDED,
        /** Never: the DBA installs the schema. */
        NEVER
    }

    /** User management recording. */
    public static class UserDetails {

        /**
         * Whether the application's UserDetailsManager beans are wrapped so that user creation and
         * deletion, password changes and resets, locks, unlocks and role changes are recorded.
         */
        private boolean audit = true;

        /**
         * Tells whether user management is recorded.
         *
         * @return true (the default) to record
         */
        public boolean isAudit() {
            return audit;
        }

        /**
         * Sets whether user management is recorded.
         *
         * @param audit false to leave the UserDetailsManager beans unwrapped
         */
        public void setAudit(boolean audit) {
            this.audit = audit;
        }
    }

    /** Actuator settings. */
    public static class Actuator {

        /**
         * The authority a caller of the govaudit actuator endpoint must hold, exactly as granted
         * (e.g. ROLE_AUDITOR, or an authority without the ROLE_ prefix). Everyone else gets 403.
         */
        private String auditorRole = "ROLE_AUDITOR";

        /**
         * Returns the auditor authority.
         *
         * @return the authority
         */
        public String getAuditorRole() {
            return auditorRole;
        }

        /**
         * Sets the auditor authority.
         *
         * @param auditorRole the authority
         */
        public void setAuditorRole(String auditorRole) {
            this.auditorRole = auditorRole;
        }
    }

    /**
     * Time between scheduled verification rounds of the trail's own chain, e.g. PT15M (from 1 s to
     * 1 day); a problem raises an INTEGRITY_FAILURE alert. Unset (the default): no scheduled
     * verification. Maps to AuditTrail.Builder#verifyEvery.
     */
    private Duration verifyEvery;

    /**
     * Returns the time between scheduled verification rounds.
     *
     * @return the interval, or null for none
     */
    public Duration getVerifyEvery() {
        return verifyEvery;
    }

    /**
     * Sets the time between scheduled verification rounds.
     *
     * @param verifyEvery the interval
     */
    public void setVerifyEvery(Duration verifyEvery) {
        this.verifyEvery = verifyEvery;
    }

    /**
     * The protection level of 附表十 the trail is held to: basic (普), medium (中) or high (高),
     * case-insensitive. Unset settings get the level's defaults (verify-every PT1H at medium,
     * PT15M at high) and a configuration below it stops the start, naming every missing piece with
     * the property that supplies it (docs/compliance.md, level profiles). Unset (the default):
     * nothing demanded. Maps to AuditTrail.Builder#complianceLevel.
     */
    private ComplianceLevel complianceLevel;

    /**
     * Returns the protection level the trail is held to.
     *
     * @return the level, or null for none
     */
    public ComplianceLevel getComplianceLevel() {
        return complianceLevel;
    }

    /**
     * Sets the protection level the trail is held to.
     *
     * @param complianceLevel the level
     */
    public void setComplianceLevel(ComplianceLevel complianceLevel) {
        this.complianceLevel = complianceLevel;
    }

    /**
     * Alert delivery to people outside the store (B8): a webhook ({@code govaudit.alerts.webhook.url})
     * and e-mail ({@code govaudit.alerts.mail.host}, with io.govaudit:audit-mail on the class path).
     * Each creates a listener bean that the trail gets with the application's other alert
     * listeners. Secrets are never properties: they are named environment variables.
     */
    public static class Alerts {

        /** Alerts waiting for delivery per channel at most; a full queue drops the newest. */
        private int queueCapacity = 1000;

        /** Delivery attempts per alert, the first included. */
        private int attempts = 5;

        /** The wait before the first retry; it doubles up to max-backoff. */
        private Duration backoff = Duration.ofMillis(250);

        /** The longest wait between retries. */
        private Duration maxBackoff = Duration.ofSeconds(10);

        private final Webhook webhook = new Webhook();

        private final Mail mail = new Mail();

        /** @return the queue bound per channel */
        public int getQueueCapacity() {
            return queueCapacity;
        }

        /** @param queueCapacity the queue bound per channel */
        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        /** @return the attempts per alert */
        public int getAttempts() {
            return attempts;
        }

        /** @param attempts the attempts per alert */
        public void setAttempts(int attempts) {
            this.attempts = attempts;
        }

        /** @return the first backoff */
        public Duration getBackoff() {
            return backoff;
        }

        /** @param backoff the first backoff */
        public void setBackoff(Duration backoff) {
            this.backoff = backoff;
        }

        /** @return the longest backoff */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /** @param maxBackoff the longest backoff */
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /** @return the webhook settings */
        public Webhook getWebhook() {
            return webhook;
        }

        /** @return the e-mail settings */
        public Mail getMail() {
            return mail;
        }

        /** A webhook that receives each alert as JSON (docs/operations.md, Alerts). */
        public static class Webhook {

            /** The https URL to post alerts to (http only to the loopback address, or with allow-plain-http). */
            private java.net.URI url;

            /** The connect and response timeout of one attempt. */
            private Duration timeout = Duration.ofSeconds(5);

            /** The environment variable whose value is sent as the Authorization header, e.g. "Bearer ...". */
            private String authorizationEnv;

            /** Allows plain http to a host that is not the loopback address. */
            private boolean allowPlainHttp;

            /** @return the URL, or null for no webhook */
            public java.net.URI getUrl() {
                return url;
            }

            /** @param url the URL */
            public void setUrl(java.net.URI url) {
                this.url = url;
            }

            /** @return the timeout */
            public Duration getTimeout() {
                return timeout;
            }

            /** @param timeout the timeout */
            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }

            /** @return the variable's name, or null */
            public String getAuthorizationEnv() {
                return authorizationEnv;
            }

            /** @param authorizationEnv the variable's name */
            public void setAuthorizationEnv(String authorizationEnv) {
                this.authorizationEnv = authorizationEnv;
            }

            /** @return whether plain http to other hosts is allowed */
            public boolean isAllowPlainHttp() {
                return allowPlainHttp;
            }

            /** @param allowPlainHttp whether plain http to other hosts is allowed */
            public void setAllowPlainHttp(boolean allowPlainHttp) {
                this.allowPlainHttp = allowPlainHttp;
            }
        }

        /** E-mail over SMTP through io.govaudit:audit-mail (docs/operations.md, Alerts). */
        public static class Mail {

            /** The SMTP server; setting it turns e-mail alerts on. */
            private String host;

            /** The SMTP port. */
            private int port = 587;

            /** Whether STARTTLS is required; false sends in clear text (a relay on the same host only). */
            private boolean starttls = true;

            /** The SMTP AUTH user, if the server wants one. */
            private String username;

            /** The environment variable that holds the SMTP password. */
            private String passwordEnv;

            /** The sender address. */
            private String from;

            /** The recipients. */
            private List<String> to = new ArrayList<>();

            /** What the subject starts with. */
            private String subjectPrefix = "[govaudit]";

            /** The connect, read and write timeout of one attempt. */
            private Duration timeout = Duration.ofSeconds(10);

            /** @return the host, or null for no e-mail */
            public String getHost() {
                return host;
            }

            /** @param host the host */
            public void setHost(String host) {
                this.host = host;
            }

            /** @return the port */
            public int getPort() {
                return port;
            }

            /** @param port the port */
            public void setPort(int port) {
                this.port = port;
            }

            /** @return whether STARTTLS is required */
            public boolean isStarttls() {
                return starttls;
            }

            /** @param starttls whether STARTTLS is required */
            public void setStarttls(boolean starttls) {
                this.starttls = starttls;
            }

            /** @return the user, or null */
            public String getUsername() {
                return username;
            }

            /** @param username the user */
            public void setUsername(String username) {
                this.username = username;
            }

            /** @return the password variable's name, or null */
            public String getPasswordEnv() {
                return passwordEnv;
            }

            /** @param passwordEnv the password variable's name */
            public void setPasswordEnv(String passwordEnv) {
                this.passwordEnv = passwordEnv;
            }

            /** @return the sender */
            public String getFrom() {
                return from;
            }

            /** @param from the sender */
            public void setFrom(String from) {
                this.from = from;
            }

            /** @return the recipients */
            public List<String> getTo() {
                return to;
            }

            /** @param to the recipients */
            public void setTo(List<String> to) {
                this.to = to;
            }

            /** @return the subject prefix */
            public String getSubjectPrefix() {
                return subjectPrefix;
            }

            /** @param subjectPrefix the subject prefix */
            public void setSubjectPrefix(String subjectPrefix) {
                this.subjectPrefix = subjectPrefix;
            }

            /** @return the timeout */
            public Duration getTimeout() {
                return timeout;
            }

            /** @param timeout the timeout */
            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }
        }
    }

    /** The SNTP clock check (govaudit.clock-check.*). */
    private final ClockCheck clockCheck = new ClockCheck();

    /**
     * Returns the clock check settings.
     *
     * @return the settings
     */
    public ClockCheck getClockCheck() {
        return clockCheck;
    }

    /**
     * The SNTP clock check of the trail's clock: off unless servers are set. Maps to
     * AuditTrail.Builder#clockCheck(io.govaudit.ClockCheck).
     */
    public static class ClockCheck {

        /**
         * SNTP servers, HOST or HOST:PORT, asked in order, e.g. time.stdtime.gov.tw,
         * tock.stdtime.gov.tw. Empty (the default): no clock check.
         */
        private List<String> servers = new ArrayList<>();

        /** The largest offset or step of the clock that is not a CLOCK_ANOMALY; default PT1S. */
        private Duration maxOffset;

        /** Time between two checks after the one at start, from 1 s to 1 day; default PT10M. */
        private Duration every;

        /**
         * Returns the servers.
         *
         * @return the servers, empty for no check
         */
        public List<String> getServers() {
            return servers;
        }

        /**
         * Sets the servers.
         *
         * @param servers HOST or HOST:PORT each
         */
        public void setServers(List<String> servers) {
            this.servers = servers;
        }

        /**
         * Returns the maximum offset.
         *
         * @return the maximum, or null for the default
         */
        public Duration getMaxOffset() {
            return maxOffset;
        }

        /**
         * Sets the maximum offset.
         *
         * @param maxOffset the maximum
         */
        public void setMaxOffset(Duration maxOffset) {
            this.maxOffset = maxOffset;
        }

        /**
         * Returns the time between checks.
         *
         * @return the interval, or null for the default
         */
        public Duration getEvery() {
            return every;
        }

        /**
         * Sets the time between checks.
         *
         * @param every the interval
         */
        public void setEvery(Duration every) {
            this.every = every;
        }
    }

    private final Siem siem = new Siem();

    /**
     * Returns the SIEM forwarding settings.
     *
     * @return the settings
     */
    public Siem getSiem() {
        return siem;
    }

    /** SIEM forwarding settings (docs/operations.md, forwarding to a SIEM). */
    public static class Siem {

        /**
         * Whether every durable record is mirrored to the SLF4J logger govaudit.AUDIT (the record
         * line and its key/value pairs), for a logback appender to forward to a SIEM. Off by
         * default. Maps to AuditTrail.Builder#mirrorToSlf4j.
         */
        private boolean mirror;

        /**
         * Tells whether records are mirrored to govaudit.AUDIT.
         *
         * @return true to mirror
         */
        public boolean isMirror() {
            return mirror;
        }

        /**
         * Sets whether records are mirrored to govaudit.AUDIT.
         *
         * @param mirror true to mirror
         */
        public void setMirror(boolean mirror) {
            this.mirror = mirror;
        }
    }

    private final Replica replica = new Replica();

    /**
     * Returns the replication settings.
     *
     * @return the settings
     */
    public Replica getReplica() {
        return replica;
    }

    /** Replication to a second store directory (docs/operations.md, replication; REQUIREMENTS B13). */
    public static class Replica {

        /**
         * Store directories every durable record is copied to as it is written: on another disk,
         * or a file system mounted from another host. Maps to AuditTrail.Builder#replicateTo(Path),
         * once per directory. A database replica is set with an AuditTrailBuilderCustomizer calling
         * replicateTo(JdbcAuditStore).
         */
        private List<Path> directories = new ArrayList<>();

        /**
         * How far a replica may fall behind before a REPLICA_BEHIND alert, from 1s to 1d (core
         * default 5m). Maps to AuditTrail.Builder#replicaMaxLag.
         */
        private Duration maxLag;

        /**
         * Returns the replica directories.
         *
         * @return the directories, possibly none
         */
        public List<Path> getDirectories() {
            return directories;
        }

        /**
         * Sets the replica directories.
         *
         * @param directories the directories
         */
        public void setDirectories(List<Path> directories) {
            this.directories = directories;
        }

        /**
         * Returns the largest lag before an alert.
         *
         * @return the lag, or null for the core default
         */
        public Duration getMaxLag() {
            return maxLag;
        }

        /**
         * Sets the largest lag before an alert.
         *
         * @param maxLag the lag
         */
        public void setMaxLag(Duration maxLag) {
            this.maxLag = maxLag;
        }
    }
}
