package io.govaudit.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a {@link Review} as one self-contained HTML page (docs/operations.md "Periodic review
 * report"): inline CSS, charts as inline SVG, no script, no URL of any kind, a Content Security
 * Policy that forbids loading anything, and print CSS for the signed printout. Every value from
 * the store goes through {@link Html#text} (in {@link ReportHtml} and {@link SvgCharts}).
 * Not thread-safe (one per report).
 */
final class ReportHtmlWriter {

    /** The policy in the page's meta tag: even an injected element could load nothing. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /** Types drawn one by one in the per-day chart; the rest are summed as OTHER. */
    private static final int CHART_TYPES = 8;

    private static final String CSS = """
            body{font-family:"Noto Sans CJK TC","Noto Sans TC","Microsoft JhengHei","PingFang TC",sans-serif;\
            margin:24px;color:#111;font-size:14px;line-height:1.5}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #333;margin-top:28px}
            h3{font-size:15px;margin-top:16px}
            table{border-collapse:collapse;margin:8px 0;width:100%}
            th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            th{background:#eee}td.n{text-align:right;white-space:nowrap}table.meta th{width:12em}
            code{font-family:monospace;font-size:12px}time{white-space:nowrap}
            .verdict{padding:12px 16px;font-size:20px;font-weight:bold;border:3px solid;margin:8px 0}
            .verdict.ok{color:#1b5e20;border-color:#1b5e20;background:#e8f5e9}
            .verdict.bad{color:#fff;background:#c62828;border-color:#8e0000}
            .alert{color:#b71c1c;font-weight:bold}
            tr.burst td,tr.bad td{background:#ffebee;color:#b71c1c;font-weight:bold}tr.failure td{color:#b71c1c}
            .chart{max-width:100%;height:auto;display:block}.tick{font-size:11px;fill:#333}
            .label{font-size:12px;fill:#111}.grid{stroke:#ddd}
            table.signoff td{height:56px}.digest{font-family:monospace;overflow-wrap:anywhere}
            @page{size:A4;margin:15mm}
            @media print{body{margin:0;font-size:10pt}h2{break-after:avoid}tr,.chart{break-inside:avoid}\
            #signoff{break-inside:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
            """;

    private final ReportHtml h;
    private final Review review;

    ReportHtmlWriter(Review review, ReportMessages messages) {
        this.review = review;
        this.h = new ReportHtml(messages, ZoneId.of(review.settings().zone()));
    }

    /**
     * @param generatedBy the OS user who made the report
     * @param digest      the SHA-256 of the review as JSON ({@link ReportJsonWriter})
     * @return the page
     */
    String write(String generatedBy, String digest) {
        h.raw("<!DOCTYPE html>\n<html lang=\"").raw(h.m.htmlLang()).raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").raw(CSP).raw("\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .text(h.m.get("title")).raw("</title>\n<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        header(generatedBy);
        integrity();
        perDay();
        new ReportHtmlSections(h, review).write();
        signoff(digest);
        return h.raw("</body>\n</html>\n").out.toString();
    }

    private void header(String generatedBy) {
        h.raw("<header>\n").element("h1", h.m.get("title")).p(h.m.get("basis"));
        h.raw("<table class=\"meta\"><tbody>\n");
        meta("period", period());
        meta("store", Html.text(review.store()));
        meta("zone", Html.text(review.settings().zone()));
        meta("generated", h.time(review.generated()));
        meta("generatedBy", Html.text(generatedBy));
        meta("recordsRead", String.valueOf(review.reading().records()));
        h.raw("</tbody></table>\n").p(h.m.format("timesNote", review.settings().zone())).raw("</header>\n");
    }

    private String period() {
        return h.time(review.from()) + (review.from() == null ? Html.text(h.m.get("periodStart")) : "")
                + " – " + h.time(review.to()) + (review.to() == null ? Html.text(h.m.get("periodEnd")) : "");
    }

    private void meta(String key, String html) {
        h.raw("<tr><th scope=\"row\">").text(h.m.get(key)).raw("</th><td>").raw(html).raw("</td></tr>\n");
    }

    private void integrity() {
        Review.Integrity in = review.integrity();
        boolean ok = in.intact() && review.reading().stoppedAt() == null;
        h.section("integrity", "integrity");
        h.raw("<div class=\"verdict ").raw(ok ? "ok" : "bad").raw("\" role=\"status\">")
                .text(h.m.get(ok ? "intact" : "broken")).raw("</div>\n");
        if (!ok) {
            h.raw("<p class=\"alert\">").text(h.m.get("brokenAdvice")).raw("</p>\n");
        }
        if (review.reading().stoppedAt() != null) {
            h.raw("<p class=\"alert\">").text(h.m.format("readStopped", review.reading().stoppedAt(),
                    review.reading().stopReason())).raw("</p>\n");
        }
        h.p(h.m.get("integrityScope"));
        if (!in.notChecked().isEmpty()) {
            h.p(h.m.get("notChecked"));
        }
        h.table("chains", "chain", "records", "lastSeq", "verdict", "problems", "warnings");
        for (Review.ChainVerdict c : in.chains()) {
            h.row(c.intact() ? null : "bad", ReportHtml.td(c.chain()), ReportHtml.num(c.records()),
                    ReportHtml.num(c.lastSeq()), ReportHtml.td(h.m.get(c.intact() ? "intact" : "broken")),
                    ReportHtml.td(kinds(c.problems())), ReportHtml.td(kinds(c.warnings())));
        }
        h.endTable().endSection();
    }

    private static String kinds(Map<String, Long> kinds) {
        List<String> parts = new ArrayList<>();
        kinds.forEach((k, n) -> parts.add(k + " ×" + n));
        return String.join(", ", parts);
    }

    private void perDay() {
        h.section("per-day", "perDay");
        SortedMap<LocalDate, SortedMap<String, Long>> days = review.perDay();
        if (days.isEmpty()) {
            h.capped(0, 0).endSection();
            return;
        }
        List<String> shown = chartTypes(days);
        List<String> labels = shown.stream().map(h::typeText).toList();
        h.raw(SvgCharts.stackedDays("chart-per-day", h.m.get("perDay"), h.m.get("chartDesc"), days, shown, labels));
        h.raw("<table class=\"per-day\"><thead><tr><th scope=\"col\">").text(h.m.get("day")).raw("</th>");
        for (String type : shown) {
            h.raw("<th scope=\"col\">").raw(h.type(type)).raw("</th>");
        }
        h.raw("<th scope=\"col\">").text(h.m.get("total")).raw("</th></tr></thead><tbody>\n");
        for (Map.Entry<LocalDate, SortedMap<String, Long>> day : days.entrySet()) {
            List<String> cells = new ArrayList<>();
            cells.add(ReportHtml.td(day.getKey().toString()));
            long shownSum = 0;
            long total = day.getValue().values().stream().mapToLong(Long::longValue).sum();
            for (int t = 0; t < shown.size(); t++) {
                String type = shown.get(t);
                boolean rest = "OTHER".equals(type) && t == shown.size() - 1;
                long n = rest ? total - shownSum : day.getValue().getOrDefault(type, 0L);
                shownSum += n;
                cells.add(ReportHtml.num(n));
            }
            cells.add(ReportHtml.num(total));
            h.row(null, cells.toArray(String[]::new));
        }
        h.endTable().endSection();
    }

    /** The most frequent types, at most {@link #CHART_TYPES}, plus OTHER for the rest. */
    static List<String> chartTypes(SortedMap<LocalDate, SortedMap<String, Long>> days) {
        Map<String, Long> totals = new TreeMap<>();
        days.values().forEach(m -> m.forEach((t, n) -> totals.merge(t, n, Long::sum)));
        List<String> types = new ArrayList<>(totals.keySet());
        types.sort((a, b) -> Long.compare(totals.get(b), totals.get(a)));
        if (types.size() <= CHART_TYPES + 1) {
            return types;
        }
        Set<String> kept = new HashSet<>(types.subList(0, CHART_TYPES));
        List<String> shown = new ArrayList<>(types.stream().filter(kept::contains).toList());
        shown.remove("OTHER");
        shown.add("OTHER");
        return shown;
    }

    private void signoff(String digest) {
        h.section("signoff", "signoff");
        h.raw("<table class=\"meta\"><tbody>\n");
        meta("period", period());
        meta("store", Html.text(review.store()));
        meta("digest", "<span class=\"digest\">" + Html.text(digest) + "</span>");
        h.raw("</tbody></table>\n").p(h.m.get("digestNote"));
        h.raw("<table class=\"signoff\"><tbody>\n");
        for (String key : List.of("reviewer", "jobTitle", "reviewDate", "opinion", "signature", "supervisor")) {
            h.raw("<tr><th scope=\"row\">").text(h.m.get(key)).raw("</th><td></td></tr>\n");
        }
        h.raw("</tbody></table>\n").endSection();
    }
}
