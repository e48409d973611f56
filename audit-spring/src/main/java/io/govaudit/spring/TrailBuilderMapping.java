package io.govaudit.spring;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.PersonalDataMasking;
import io.govaudit.RetentionPolicy;
import io.govaudit.spi.AnchorSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code govaudit.*} core properties to an {@link AuditTrail.Builder}, one property
 * to one builder call, and names the property in each problem the core reports (STYLE S11, S12).
 * A property left unset is not applied, so the builder's own default holds: the defaults live in
 * the core only.
 *
 * <p>Why the problems are collected here and not thrown one by one: the policy factories
 * ({@link RetentionPolicy}, {@link CapacityPolicy}, {@link PersonalDataMasking}) check each
 * argument at once with an {@link IllegalArgumentException}; those are gathered, prefixed with
 * the property, and reported together. Stateless; not API.
 */
final class TrailBuilderMapping {

    /** The builder's (and policies') names in core problems, and the property each comes from. */
    private static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("directory", "govaudit.file.directory"),
            Map.entry("chainId", "govaudit.chain-id"),
            Map.entry("system", "govaudit.system"),
            Map.entry("durability", "govaudit.durability"),
            Map.entry("maxRecordBytes", "govaudit.max-record-bytes"),
            Map.entry("segmentMaxBytes", "govaudit.segment.max-bytes"),
            Map.entry("segmentMaxAge", "govaudit.segment.max-age"),
            Map.entry("queueCapacity", "govaudit.queue-capacity"),
            Map.entry("epochLength", "govaudit.keys.epoch-length"),
            Map.entry("hmacSeed", "govaudit.keys.hmac-seed"),
            Map.entry("signingKey", "govaudit.signing.key"),
            Map.entry("previousSigningKey", "govaudit.signing.previous-key"),
            Map.entry("checkpointEvery", "govaudit.checkpoint.every"),
            Map.entry("checkpointInterval", "govaudit.checkpoint.interval"),
            Map.entry("heartbeat", "govaudit.heartbeat"),
            Map.entry("anchorSink", "govaudit.signing.key"),
            Map.entry("capacity", "govaudit.capacity.max-bytes"),
            Map.entry("compressClosedSegments", "govaudit.file.compress-closed-segments"),
            Map.entry("holder", "govaudit.jdbc.holder"),
            Map.entry("verifyEvery", "govaudit.verify-every"),
            Map.entry("replicateTo", "govaudit.replica.directories"),
            Map.entry("replicaMaxLag", "govaudit.replica.max-lag"),
            Map.entry("complianceLevel", "govaudit.compliance-level"),
            Map.entry("retention", "govaudit.retention.minimum"),
            Map.entry("overwriteWithinRetention", "govaudit.capacity.overwrite-within-retention-reason"));

    private TrailBuilderMapping() {
    }

    /**
     * Applies every set core property.
     *
     * @param properties the properties
     * @param builder    the builder
     * @return the problems found converting the properties (empty when all could be applied)
     */
    static List<String> apply(GovauditProperties properties, AuditTrail.Builder builder) {
        List<String> problems = new ArrayList<>();
        set(properties.getDurability(), builder::durability);
        set(properties.getSegment().getMaxBytes(), size -> builder.segmentMaxBytes(size.toBytes()));
        set(properties.getSegment().getMaxAge(), builder::segmentMaxAge);
        set(properties.getMaxRecordBytes(), size -> maxRecordBytes(size, builder, problems));
        set(properties.getQueueCapacity(), builder::queueCapacity);
        set(properties.getFile().getGroupReadable(), builder::groupReadable);
        set(properties.getFile().getCompressClosedSegments(), builder::compressClosedSegments);
        set(properties.getAcceptLostRecords(), builder::acceptLostRecords);
        set(properties.getKeys().getHmacSeed(), builder::hmacSeed);
        set(properties.getKeys().getEpochLength(), builder::epochLength);
        set(properties.getSigning().getKey(), builder::signingKey);
        set(properties.getSigning().getPreviousKey(), builder::previousSigningKey);
        set(properties.getCheckpoint().getEvery(), builder::checkpointEvery);
        set(properties.getCheckpoint().getInterval(), builder::checkpointInterval);
        set(properties.getHeartbeat(), builder::heartbeat);
        set(properties.getAnchors().getDirectory(), dir -> builder.anchorSink(AnchorSink.directory(dir)));
        if (properties.getAnchors().isLogging()) {
            builder.anchorSink(AnchorSink.logging());
        }
        set(retention(properties.getRetention(), problems), builder::retention);
        set(capacity(properties.getCapacity(), problems), builder::capacity);
        set(masking(properties.getMasking(), problems), builder::personalDataMasking);
        set(properties.getVerifyEvery(), builder::verifyEvery);
        set(clockCheck(properties.getClockCheck(), problems), builder::clockCheck);
        builder.mirrorToSlf4j(properties.getSiem().isMirror());
        properties.getReplica().getDirectories().forEach(builder::replicateTo);
        set(properties.getReplica().getMaxLag(), builder::replicaMaxLag);
        set(properties.getComplianceLevel(), builder::complianceLevel);
        return problems;
    }

    private static io.govaudit.ClockCheck clockCheck(GovauditProperties.ClockCheck clock, List<String> problems) {
        if (clock.getServers().isEmpty()) {
            if (clock.getMaxOffset() != null || clock.getEvery() != null) {
                problems.add("govaudit.clock-check.servers: is required when max-offset or every is set");
            }
            return null;
        }
        try {
            io.govaudit.ClockCheck check = io.govaudit.ClockCheck.servers(clock.getServers().toArray(String[]::new));
            check = clock.getMaxOffset() == null ? check : check.maxOffset(clock.getMaxOffset());
            return clock.getEvery() == null ? check : check.every(clock.getEvery());
        } catch (IllegalArgumentException e) {
            problems.add("govaudit.clock-check: " + e.getMessage());
            return null;
        }
    }

    /** A size beyond int cannot reach the builder; it is reported with the builder's own range. */
    private static void maxRecordBytes(DataSize size, AuditTrail.Builder builder, List<String> problems) {
        long bytes = size.toBytes();
        if (bytes != (int) bytes) {
            problems.add("govaudit.max-record-bytes: maxRecordBytes must be from 1024 to 1048576, was " + bytes);
        } else {
            builder.maxRecordBytes((int) bytes);
        }
    }

    private static RetentionPolicy retention(GovauditProperties.Retention retention, List<String> problems) {
        if (retention.getMinimum() == null && retention.getMaximum() == null
                && retention.getBelowSixMonthsReason() == null) {
            return null;
        }
        RetentionPolicy policy = RetentionPolicy.defaults();
        try {
            if (retention.getMinimum() != null) {
                policy = RetentionPolicy.minimum(retention.getMinimum());
            }
        } catch (IllegalArgumentException e) {
            problems.add("govaudit.retention.minimum: " + e.getMessage());
            return null;
        }
        try {
            if (retention.getBelowSixMonthsReason() != null) {
                policy = policy.belowSixMonths(retention.getBelowSixMonthsReason());
            }
        } catch (IllegalArgumentException e) {
            problems.add("govaudit.retention.below-six-months-reason: " + e.getMessage());
            return null;
        }
        try {
            return retention.getMaximum() == null ? policy : policy.maximum(retention.getMaximum());
        } catch (IllegalArgumentException e) {
            problems.add("govaudit.retention.maximum: " + e.getMessage());
            return null;
        }
    }

    private static CapacityPolicy capacity(GovauditProperties.Capacity capacity, List<String> problems) {
        if (capacity.getMaxBytes() == null && capacity.getWarnAt() == null && capacity.getOnFull() == null
                && capacity.getReserveBytes() == null && capacity.getOverwriteWithinRetentionReason() == null) {
            return null;
        }
        CapacityPolicy policy = CapacityPolicy.unbounded();
        int before = problems.size();
        if (capacity.getMaxBytes() != null) {
            policy = attempt(policy, p -> CapacityPolicy.maxBytes(capacity.getMaxBytes().toBytes()),
                    "govaudit.capacity.max-bytes", problems);
        }
        if (capacity.getWarnAt() != null) {
            policy = attempt(policy, p -> p.warnAt(capacity.getWarnAt()), "govaudit.capacity.warn-at", problems);
        }
        if (capacity.getOnFull() != null) {
            policy = policy.onFull(capacity.getOnFull());
        }
        if (capacity.getReserveBytes() != null) {
            policy = attempt(policy, p -> p.reserveBytes(capacity.getReserveBytes().toBytes()),
                    "govaudit.capacity.reserve-bytes", problems);
        }
        if (capacity.getOverwriteWithinRetentionReason() != null) {
            policy = attempt(policy, p -> p.overwriteWithinRetention(capacity.getOverwriteWithinRetentionReason()),
                    "govaudit.capacity.overwrite-within-retention-reason", problems);
        }
        return problems.size() == before ? policy : null;
    }

    private static CapacityPolicy attempt(CapacityPolicy policy, java.util.function.UnaryOperator<CapacityPolicy> step,
            String property, List<String> problems) {
        try {
            return step.apply(policy);
        } catch (IllegalArgumentException e) {
            problems.add(property + ": " + e.getMessage());
            return policy;
        }
    }

    private static PersonalDataMasking masking(GovauditProperties.Masking masking, List<String> problems) {
        if (masking.getRules() == null && masking.getPatterns().isEmpty() && masking.getKeyedHash() == null) {
            return null;
        }
        PersonalDataMasking.Builder builder = PersonalDataMasking.builder();
        if (masking.getRules() != null) {
            builder.rules(masking.getRules().toArray(PersonalDataMasking.Rule[]::new));
        }
        List<GovauditProperties.MaskingPattern> patterns = masking.getPatterns();
        for (int i = 0; i < patterns.size(); i++) {
            pattern(builder, patterns.get(i), "govaudit.masking.patterns[" + i + "]", problems);
        }
        set(masking.getKeyedHash(), builder::keyedHash);
        return builder.build();
    }

    private static void pattern(PersonalDataMasking.Builder builder, GovauditProperties.MaskingPattern pattern,
            String property, List<String> problems) {
        if (pattern.getName() == null || pattern.getRegex() == null) {
            problems.add(property + ": name and regex are both required, was name "
                    + (pattern.getName() == null ? "not set" : "'" + pattern.getName() + "'") + " and regex "
                    + (pattern.getRegex() == null ? "not set" : "set"));
            return;
        }
        try {
            builder.pattern(pattern.getName(), Pattern.compile(pattern.getRegex()));
        } catch (PatternSyntaxException e) {
            problems.add(property + ".regex: not a regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + " of '" + pattern.getRegex() + "'");
        } catch (IllegalArgumentException e) {
            problems.add(property + ": " + e.getMessage());
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /**
     * Names the property in each problem of a core configuration failure: {@code maxRecordBytes
     * must be …} becomes {@code govaudit.max-record-bytes: maxRecordBytes must be …}. A setting a
     * customizer made is reported under the property of the same builder method.
     *
     * @param failure the core's exception
     * @return an exception with the same problems, each prefixed with its property where known,
     *         caused by {@code failure}
     */
    static AuditConfigurationException named(AuditConfigurationException failure) {
        List<String> named = new ArrayList<>();
        for (String problem : failure.problems()) {
            named.add(named(problem));
        }
        AuditConfigurationException result = new AuditConfigurationException(named);
        result.initCause(failure);
        return result;
    }

    static String named(String problem) {
        int end = 0;
        while (end < problem.length() && Character.isLetterOrDigit(problem.charAt(end))) {
            end++;
        }
        String property = PROPERTIES.get(problem.substring(0, end));
        return property == null || problem.startsWith("govaudit.") ? problem : property + ": " + problem;
    }
}
