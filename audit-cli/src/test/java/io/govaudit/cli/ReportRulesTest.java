package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The review's rules (office hours in Taipei, workdays, periods) and its bounded counters. */
class ReportRulesTest {

    private static final ReviewRules DEFAULTS = ReviewRules.parse("Asia/Taipei", "08:00-18:00", "MON-FRI", "5/10");

    @Test
    void outsideOfficeHours_isJudgedInTaipeiTime() {
        assertThat(DEFAULTS.outsideOfficeHours(Instant.parse("2026-11-03T19:00:00Z"))).as("Wed 03:00").isTrue();
        assertThat(DEFAULTS.outsideOfficeHours(Instant.parse("2026-11-04T00:00:00Z"))).as("Wed 08:00").isFalse();
        assertThat(DEFAULTS.outsideOfficeHours(Instant.parse("2026-11-04T09:59:59Z"))).as("Wed 17:59:59").isFalse();
        assertThat(DEFAULTS.outsideOfficeHours(Instant.parse("2026-11-04T10:00:00Z"))).as("Wed 18:00").isTrue();
        assertThat(DEFAULTS.outsideOfficeHours(Instant.parse("2026-11-07T02:00:00Z"))).as("Sat 10:00").isTrue();
    }

    @Test
    void workdays_rangesAndLists() {
        assertThat(ReviewRules.days("MON-FRI")).hasSize(5).doesNotContain(DayOfWeek.SATURDAY);
        assertThat(ReviewRules.days("mon,wed,fri")).containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.FRIDAY);
        assertThat(ReviewRules.days("SAT-MON")).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
                DayOfWeek.MONDAY);
        assertThat(ReviewRules.parse("Asia/Taipei", "8:30-17:30", "MON-FRI,SUN", "3/1").workdaysText())
                .isEqualTo("MON-FRI,SUN");
        assertThatThrownBy(() -> ReviewRules.days("MONDAY")).isInstanceOf(CliFailure.class).hasMessageContaining("MONDAY");
    }

    @Test
    void period_dateIsAWholeDayInTheZone_instantsAndOffsetsAsGiven() {
        assertThat(DEFAULTS.instant("--from", "2026-11-01", false)).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
        assertThat(DEFAULTS.instant("--to", "2026-11-30", true)).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(DEFAULTS.instant("--from", "2026-11-01T00:00:00Z", false))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(DEFAULTS.instant("--to", "2026-11-01T08:00+08:00", true))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(DEFAULTS.instant("--to", null, true)).isNull();
        assertThatThrownBy(() -> DEFAULTS.instant("--to", "11/01/2026", true)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("--to '11/01/2026'");
    }

    @Test
    void bursts_thresholdWithinWindow_overlappingWindowsAreOneBurst() {
        BurstDetector detector = new BurstDetector("ip", 3, Duration.ofMinutes(10));
        Instant t = Instant.parse("2026-11-02T00:00:00Z");
        for (int minute : new int[] {0, 9, 30, 31, 32, 40, 41, 60, 100}) {
            detector.add("203.0.113.9", t.plus(Duration.ofMinutes(minute)));
        }
        detector.add("198.51.100.1", t);
        detector.add("198.51.100.1", t.plusSeconds(1));
        List<Review.Burst> bursts = detector.bursts();
        assertThat(bursts).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo("203.0.113.9");
            assertThat(b.start()).isEqualTo(t.plus(Duration.ofMinutes(30)));
            assertThat(b.end()).isEqualTo(t.plus(Duration.ofMinutes(41)));
            assertThat(b.failures()).isEqualTo(5);
        });
    }

    @Test
    void topCounter_beyondItsKeys_countsTheRestTogether() {
        TopCounter counter = new TopCounter(3);
        for (String key : List.of("a", "b", "a", "c", "d", "e", "a", "b")) {
            counter.add(key);
        }
        Review.Capped<Review.Count> top = counter.top(2);
        assertThat(top.items()).containsExactly(new Review.Count("a", 3), new Review.Count("b", 2));
        assertThat(top.more()).isEqualTo(2); // c, and the overflow of d and e
        assertThat(counter.total()).isEqualTo(8);
        assertThat(counter.overflow()).isEqualTo(2);
    }
}
