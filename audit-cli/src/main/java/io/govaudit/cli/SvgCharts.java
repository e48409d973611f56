package io.govaudit.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Inline SVG bar charts for the periodic review report, drawn without any library or script: a
 * stacked bar per day, and horizontal bars for top lists. Each chart has {@code role="img"}, a
 * {@code <title>} and a {@code <desc>}; the report puts a table with the same numbers below it.
 * Every text from a record goes through {@link Html#text}. No {@code xmlns} (inline SVG in HTML
 * needs none, and the report holds no URL at all). Stateless and thread-safe.
 */
final class SvgCharts {

    /** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
    static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000", "#999999");
    static final String HIGHLIGHT = "#C62828";

    private static final int WIDTH = 760;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 12;

    private SvgCharts() {
    }

    /**
     * @param id     the chart's element id prefix
     * @param title  the chart's title
     * @param desc   the chart's description
     * @param days   counts per day and type
     * @param shown  the types drawn one by one, in palette order; others are summed under the last
     *               entry when it is {@code OTHER}
     * @param labels the legend text of each shown type
     */
    static String stackedDays(String id, String title, String desc, SortedMap<LocalDate, SortedMap<String, Long>> days,
            List<String> shown, List<String> labels) {
        int plotHeight = 200;
        int legendRows = (shown.size() + 2) / 3;
        int height = TOP + plotHeight + 28 + legendRows * 20 + 8;
        long max = Math.max(1, days.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue)
                .sum()).max().orElse(1));
        StringBuilder s = open(id, title, desc, height);
        axis(s, max, plotHeight);
        double band = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, days.size());
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 12.0));
        int i = 0;
        for (Map.Entry<LocalDate, SortedMap<String, Long>> day : days.entrySet()) {
            double x = LEFT + i * band;
            double y = TOP + plotHeight;
            for (int t = 0; t < shown.size(); t++) {
                long n = count(day.getValue(), shown, t);
                if (n == 0) {
                    continue;
                }
                double h = n * plotHeight / (double) max;
                y -= h;
                s.append("<rect x=\"").append(fmt(x + band * 0.1)).append("\" y=\"").append(fmt(y))
                        .append("\" width=\"").append(fmt(band * 0.8)).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"").append(PALETTE.get(t % PALETTE.size())).append("\"><title>")
                        .append(day.getKey()).append(' ').append(Html.text(shown.get(t))).append(": ").append(n)
                        .append("</title></rect>");
            }
            if (i % labelEvery == 0) {
                s.append("<text x=\"").append(fmt(x + band / 2)).append("\" y=\"").append(TOP + plotHeight + 16)
                        .append("\" text-anchor=\"middle\" class=\"tick\">")
                        .append(day.getKey().toString().substring(5)).append("</text>");
            }
            i++;
        }
        legend(s, labels, TOP + plotHeight + 28);
        return s.append("</svg>").toString();
    }

    private static long count(SortedMap<String, Long> day, List<String> shown, int t) {
        String type = shown.get(t);
        if ("OTHER".equals(type) && t == shown.size() - 1) {
            return day.entrySet().stream().filter(e -> !shown.subList(0, t).contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }
        return day.getOrDefault(type, 0L);
    }

    private static void axis(StringBuilder s, long max, int plotHeight) {
        for (long tick : new long[] {0, max / 2, max}) {
            double y = TOP + plotHeight - tick * plotHeight / (double) max;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" class=\"grid\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(tick).append("</text>");
        }
    }

    private static void legend(StringBuilder s, List<String> shown, int top) {
        for (int t = 0; t < shown.size(); t++) {
            int x = LEFT + (t % 3) * 230;
            int y = top + (t / 3) * 20;
            s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(PALETTE.get(t % PALETTE.size())).append("\"/><text x=\"").append(x + 16).append("\" y=\"")
                    .append(y + 11).append("\" class=\"tick\">").append(Html.text(shown.get(t))).append("</text>");
        }
    }

    /**
     * Horizontal bars, one per key, longest first as given.
     *
     * @param highlighted keys drawn in {@link #HIGHLIGHT} (bursts)
     */
    static String bars(String id, String title, String desc, List<Review.Count> counts, Set<String> highlighted) {
        int row = 22;
        int labelWidth = 230;
        int height = TOP + Math.max(1, counts.size()) * row + 8;
        long max = Math.max(1, counts.stream().mapToLong(Review.Count::count).max().orElse(1));
        StringBuilder s = open(id, title, desc, height);
        double room = WIDTH - labelWidth - RIGHT - 60;
        for (int i = 0; i < counts.size(); i++) {
            Review.Count c = counts.get(i);
            int y = TOP + i * row;
            double w = Math.max(1, c.count() * room / max);
            String fill = highlighted.contains(c.key()) ? HIGHLIGHT : PALETTE.get(0);
            s.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\" class=\"label\">").append(Html.text(clip(c.key())))
                    .append("</text><rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3)
                    .append("\" width=\"").append(fmt(w)).append("\" height=\"16\" fill=\"").append(fill)
                    .append("\"><title>").append(Html.text(c.key())).append(": ").append(c.count())
                    .append("</title></rect><text x=\"").append(fmt(labelWidth + w + 6)).append("\" y=\"")
                    .append(y + 15).append("\" class=\"tick\">").append(c.count()).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static String clip(String key) {
        return key.codePointCount(0, key.length()) <= 32 ? key
                : key.substring(0, key.offsetByCodePoints(0, 31)) + "…";
    }

    private static StringBuilder open(String id, String title, String desc, int height) {
        return new StringBuilder().append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\"><title id=\"")
                .append(id).append("-t\">").append(Html.text(title)).append("</title><desc id=\"").append(id)
                .append("-d\">").append(Html.text(desc)).append("</desc>");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
