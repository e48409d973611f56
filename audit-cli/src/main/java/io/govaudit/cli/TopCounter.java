package io.govaudit.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts occurrences per key in bounded memory: at most {@code maxKeys} distinct keys are counted
 * one by one; occurrences of further keys are counted together ({@link #overflow()}). The report
 * lists the top keys and says how many more there were. Not thread-safe.
 */
final class TopCounter {

    /** Distinct keys counted one by one: far above what a review lists, far below a heap's limit. */
    static final int MAX_KEYS = 10_000;

    private final Map<String, Long> counts = new HashMap<>();
    private final int maxKeys;
    private long overflow;
    private long total;

    TopCounter() {
        this(MAX_KEYS);
    }

    TopCounter(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    void add(String key) {
        total++;
        if (counts.containsKey(key) || counts.size() < maxKeys) {
            counts.merge(key, 1L, Long::sum);
        } else {
            overflow++;
        }
    }

    /** @return every occurrence counted, including the overflow */
    long total() {
        return total;
    }

    /** @return occurrences of keys beyond {@code maxKeys} */
    long overflow() {
        return overflow;
    }

    /**
     * @param limit how many to list
     * @return the most frequent keys, ties by key, and how many keys were not listed
     */
    Review.Capped<Review.Count> top(int limit) {
        List<Review.Count> all = new ArrayList<>();
        counts.forEach((k, v) -> all.add(new Review.Count(k, v)));
        all.sort(Comparator.comparingLong(Review.Count::count).reversed().thenComparing(Review.Count::key));
        List<Review.Count> listed = List.copyOf(all.subList(0, Math.min(limit, all.size())));
        return new Review.Capped<>(listed, all.size() - listed.size() + (overflow > 0 ? 1 : 0));
    }
}
