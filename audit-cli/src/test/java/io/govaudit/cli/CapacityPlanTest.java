package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import org.junit.jupiter.api.Test;

/** The plan's arithmetic against figures computed by hand (shown in each test). */
class CapacityPlanTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void longestSpan_sixMonths_is184Days() {
        // 31 August back six months is 28 February: March..August = 31+30+31+30+31+31 = 184
        assertThat(CapacityPlan.longestSpanDays(Period.ofMonths(6))).isEqualTo(184);
        assertThat(CapacityPlan.longestSpanDays(Period.ofMonths(1))).isEqualTo(31);
        assertThat(CapacityPlan.longestSpanDays(Period.ofMonths(2))).isEqualTo(62); // July + August
        assertThat(CapacityPlan.longestSpanDays(Period.ofYears(1))).isEqualTo(366);
        assertThat(CapacityPlan.longestSpanDays(Period.ofDays(30))).isEqualTo(30);
    }

    @Test
    void plan_50000EventsOf420BytesForSixMonths_matchesHandComputation() {
        CapacityPlan plan = new CapacityPlan(50_000, 420, Period.ofMonths(6), 30, 1.0);

        assertThat(plan.bytesPerDay()).isEqualTo(21_000_000L); // 50,000 x 420
        assertThat(plan.retentionDays()).isEqualTo(184);
        assertThat(plan.retentionBytes()).isEqualTo(3_864_000_000L); // 21,000,000 x 184
        assertThat(plan.segmentBytes()).isEqualTo(32 * MIB); // first power of two >= 21,000,000
        assertThat(plan.granularityBytes()).isEqualTo(21_000_000L); // one day < one segment
        assertThat(plan.neededBytes()).isEqualTo(3_885_000_000L); // 3,864,000,000 + 21,000,000
        // 3,885,000,000 x 1.3 = 5,050,500,000 = 4816.5 MiB -> 4817 MiB
        assertThat(plan.maxBytes()).isEqualTo(4817 * MIB).isEqualTo(5_050_990_592L);
        assertThat(plan.diskBytes()).isEqualTo(4818 * MIB);
        assertThat(plan.steadyStatePercent()).isBetween(76.9, 77.0);
    }

    @Test
    void plan_smallVolume_usesSmallestSegmentAndAtLeastTwoSegments() {
        // 100 x 500 = 50,000 bytes a day; 31 days = 1,550,000; + one day = 1,600,000; no headroom
        // = 1.53 MiB -> 2 MiB, which is two 1 MiB segments
        CapacityPlan plan = new CapacityPlan(100, 500, Period.ofMonths(1), 0, 1.0);

        assertThat(plan.segmentBytes()).isEqualTo(MIB);
        assertThat(plan.neededBytes()).isEqualTo(1_600_000L);
        assertThat(plan.maxBytes()).isEqualTo(2 * MIB);

        // 10 x 100 = 1,000 a day: 32,000 bytes need 1 MiB, but two segments need 2 MiB
        assertThat(new CapacityPlan(10, 100, Period.ofMonths(1), 30, 1.0).maxBytes()).isEqualTo(2 * MIB);
    }

    @Test
    void plan_largeVolume_capsSegmentAt64MiBAndKeepsOneSegmentPastCutoff() {
        // 1,000,000 x 1,000 = 1e9 bytes a day > 64 MiB: one extra segment of 64 MiB, not a day
        CapacityPlan plan = new CapacityPlan(1_000_000, 1000, Period.ofDays(10), 0, 1.0);

        assertThat(plan.segmentBytes()).isEqualTo(64 * MIB);
        assertThat(plan.neededBytes()).isEqualTo(10_000_000_000L + 64 * MIB);
    }

    @Test
    void plan_gzip_compressesClosedSegmentsOnly() {
        // 1,000 x 1,000 = 1,000,000 a day; 30 days + one day = 31,000,000; the active segment
        // (at most one day, 1,000,000) stays raw: 30,000,000 x 0.25 + 1,000,000 = 8,500,000
        CapacityPlan plan = new CapacityPlan(1000, 1000, Period.ofDays(30), 0, 0.25);

        assertThat(plan.neededBytes()).isEqualTo(8_500_000L);
        assertThat(plan.maxBytes()).isEqualTo(9 * MIB); // 8.1 MiB -> 9 MiB
    }

    @Test
    void bytes_formatsGroupedWithBinaryUnit() {
        assertThat(PlanReportWriter.bytes(21_000_000)).isEqualTo("21,000,000 bytes (20.03 MiB)");
        assertThat(PlanReportWriter.bytes(512)).isEqualTo("512 bytes");
    }
}
