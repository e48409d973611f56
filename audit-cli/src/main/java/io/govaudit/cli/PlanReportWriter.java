package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.govaudit.RetentionPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Period;
import java.util.Locale;

/**
 * Writes a {@link CapacityPlan} as a short statement an agency can paste into its documentation
 * (inputs, method, results, settings), or as one JSON object with the same figures. Not
 * thread-safe.
 */
final class PlanReportWriter {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final Period DEFAULT_MINIMUM = Period.ofMonths(6);

    private final PrintWriter out;
    private final Path sampleDir;
    private final StoreSample sample;

    /**
     * @param out       where to write
     * @param sampleDir the measured directory, or null when the record size was given
     * @param sample    what was measured there, or null
     */
    PlanReportWriter(PrintWriter out, Path sampleDir, StoreSample sample) {
        this.out = out;
        this.sampleDir = sampleDir;
        this.sample = sample;
    }

    void write(CapacityPlan plan) {
        out.println("Storage capacity plan for one govaudit audit chain");
        out.println();
        inputs(plan);
        method(plan);
        results(plan);
        settings(plan);
    }

    private void inputs(CapacityPlan plan) {
        out.println("Inputs");
        line("events per day", count(plan.eventsPerDay()));
        if (sample == null) {
            line("record size", String.format(Locale.ROOT, "%s bytes per stored record (given)",
                    count((long) plan.recordBytes())));
        } else {
            line("record size", String.format(Locale.ROOT, "%.1f bytes per stored record, measured on %s",
                    plan.recordBytes(), sampleDir.toAbsolutePath().normalize()));
            line("", String.format(Locale.ROOT, "(%s records, %s bytes in %d segment%s of %d chain%s)",
                    count(sample.records()), count(sample.bytes()), sample.segments(), plural(sample.segments()),
                    sample.chains(), plural(sample.chains())));
        }
        line("retention minimum", retention(plan));
        line("headroom", plan.headroomPercent() + " %");
        line("compression", plan.gzip() ? String.format(Locale.ROOT,
                "gzip for closed segments, ratio %.3f measured on %s sampled bytes", plan.gzipRatio(),
                count(sample.sampledBytes())) : compressionNone());
        out.println();
    }

    private String compressionNone() {
        return sample == null ? "none" : String.format(Locale.ROOT,
                "none (the sample compresses to %.3f with gzip; add --gzip if closed segments are compressed)",
                sample.gzipRatio());
    }

    private String retention(CapacityPlan plan) {
        String text = plan.retention() + ", counted as its longest span: " + plan.retentionDays() + " days";
        if (plan.retention().equals(DEFAULT_MINIMUM)) {
            return text + " (the default minimum, six calendar months)";
        }
        return CapacityPlan.longestSpanDays(plan.retention()) < CapacityPlan.longestSpanDays(DEFAULT_MINIMUM)
                ? text + " (SHORTER than the default minimum of six calendar months)" : text;
    }

    private void method(CapacityPlan plan) {
        out.println("Method");
        out.println("  bytes per day = events per day x record size; retained bytes = bytes per day x the longest");
        out.println("  span of the retention period. The trail deletes whole closed segments only, so one more");
        out.println("  segment (at most one segment size and at most one day, as segments also roll daily) is");
        out.println("  kept past the retention cutoff.");
        if (plan.gzip()) {
            out.println("  Closed segments are counted at the measured gzip ratio; the active segment uncompressed.");
        }
        out.printf(Locale.ROOT, "  maxBytes = need + %d %% headroom, rounded up to a whole MiB (at least two segments).%n",
                plan.headroomPercent());
        out.println("  The trail keeps a reserve of 1 MiB per chain beyond maxBytes for its own records");
        out.println("  (RECORDING_STOPPED, RETENTION_PURGE, CAPACITY_WARNING), so the disk needs maxBytes + 1 MiB.");
        out.println();
    }

    private void results(CapacityPlan plan) {
        out.println("Results");
        line("bytes per day", bytes(plan.bytesPerDay()));
        line("retention period", bytes(plan.retentionBytes()) + " for " + plan.retentionDays() + " days");
        line("needed", bytes(plan.neededBytes()) + (plan.gzip() ? ", compressed," : "") + " before headroom");
        line("maxBytes", bytes(plan.maxBytes()));
        line("segment size", bytes(plan.segmentBytes()));
        line("disk per chain", bytes(plan.diskBytes()) + ", maxBytes + 1 MiB reserve");
        out.printf(Locale.ROOT, "  In steady state the chain uses %.1f %% of maxBytes; the capacity warning is raised at%n",
                plan.steadyStatePercent());
        out.printf(Locale.ROOT, "  %d %% by default%s.%n", CapacityPlan.DEFAULT_WARN_AT,
                plan.steadyStatePercent() >= CapacityPlan.DEFAULT_WARN_AT ? ", so raise --headroom or warnAt" : "");
        out.println();
    }

    private void settings(CapacityPlan plan) {
        out.println("Recommended settings");
        out.printf(Locale.ROOT, "  Java:  AuditTrail.builder()...segmentMaxBytes(%dL)%n", plan.segmentBytes());
        boolean below = RetentionPolicy.minimum(plan.retention()).minimumBelowSixMonths();
        out.printf(Locale.ROOT, "             .retention(RetentionPolicy.minimum(Period.parse(\"%s\"))%s)%n", plan.retention(),
                below ? ".belowSixMonths(\"<who approved it, why>\")" : "");
        out.printf(Locale.ROOT, "             .capacity(CapacityPolicy.maxBytes(%dL))%n", plan.maxBytes());
        if (plan.gzip()) {
            out.println("             .compressClosedSegments(true)");
        }
        out.printf(Locale.ROOT, "  CLI:   --segment-bytes %d --max-bytes %d --retention-min %s%s%s%n", plan.segmentBytes(),
                plan.maxBytes(), plan.retention(), below ? " --short-retention-reason '<who approved it, why>'" : "",
                plan.gzip() ? " --gzip" : "");
    }

    void writeJson(CapacityPlan plan) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("eventsPerDay", plan.eventsPerDay());
            json.writeNumberField("recordBytes", plan.recordBytes());
            json.writeStringField("recordBytesSource", sample == null ? "given" : "sample");
            if (sample != null) {
                jsonSample(json);
            }
            json.writeStringField("retention", plan.retention().toString());
            json.writeNumberField("retentionDays", plan.retentionDays());
            json.writeNumberField("headroomPercent", plan.headroomPercent());
            json.writeBooleanField("gzip", plan.gzip());
            json.writeNumberField("gzipRatio", plan.gzipRatio());
            json.writeNumberField("bytesPerDay", plan.bytesPerDay());
            json.writeNumberField("retentionBytes", plan.retentionBytes());
            json.writeNumberField("neededBytes", plan.neededBytes());
            json.writeNumberField("maxBytes", plan.maxBytes());
            json.writeNumberField("segmentBytes", plan.segmentBytes());
            json.writeNumberField("reserveBytes", CapacityPlan.RESERVE_BYTES);
            json.writeNumberField("diskBytes", plan.diskBytes());
            json.writeEndObject();
        }
        out.println();
    }

    private void jsonSample(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("sample");
        json.writeStringField("dir", sampleDir.toAbsolutePath().normalize().toString());
        json.writeNumberField("chains", sample.chains());
        json.writeNumberField("segments", sample.segments());
        json.writeNumberField("records", sample.records());
        json.writeNumberField("bytes", sample.bytes());
        json.writeNumberField("sampledBytes", sample.sampledBytes());
        json.writeNumberField("compressedBytes", sample.compressedBytes());
        json.writeNumberField("gzipRatio", sample.gzipRatio());
        json.writeEndObject();
    }

    private void line(String label, String value) {
        out.printf(Locale.ROOT, "  %-18s %s%n", label, value);
    }

    /** Bytes with grouping and a binary unit, e.g. {@code 21,000,000 bytes (20.0 MiB)}. */
    static String bytes(long n) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return count(n) + " bytes" + (unit < 0 ? "" : String.format(Locale.ROOT, " (%.2f %s)", value, units[unit]));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
