package io.govaudit.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sections of the periodic review report after the integrity verdict and the events per day:
 * failed logins (with bursts highlighted), administrator actions outside office hours,
 * sensitive-data reads, permission and account changes, and the trail's own incidents with their
 * spans. Not thread-safe (one per report).
 */
final class ReportHtmlSections {

    private final ReportHtml h;
    private final Review review;

    ReportHtmlSections(ReportHtml h, Review review) {
        this.h = h;
        this.review = review;
    }

    void write() {
        failedLogins();
        afterHours();
        sensitive();
        h.section("changes", "changes").events(review.changes().items(), review.changes().more()).endSection();
        operations();
    }

    private void failedLogins() {
        Review.FailedLogins f = review.failed();
        h.section("failed-logins", "failed").p(h.m.format("failedTotal", f.total()));
        Set<String> burstActors = new HashSet<>();
        Set<String> burstIps = new HashSet<>();
        for (Review.Burst b : f.bursts().items()) {
            ("ip".equals(b.by()) ? burstIps : burstActors).add(b.key());
        }
        top("failed-by-actor", "byActor", "actor", f.byActor(), burstActors);
        top("failed-by-ip", "byIp", "ip", f.byIp(), burstIps);
        h.element("h3", h.m.get("bursts"));
        h.p(h.m.format("burstRule", review.settings().burstFailures(), review.settings().burstMinutes()));
        if (!f.bursts().items().isEmpty()) {
            h.table("bursts", "by", "key", "start", "end", "failures");
            for (Review.Burst b : f.bursts().items()) {
                h.row("burst", ReportHtml.td(h.m.get("by." + b.by())), ReportHtml.td(b.key()),
                        ReportHtml.tdHtml(h.time(b.start())), ReportHtml.tdHtml(h.time(b.end())),
                        ReportHtml.num(b.failures()));
            }
            h.endTable();
        }
        h.capped(f.bursts().items().size(), f.bursts().more()).endSection();
    }

    private void top(String id, String titleKey, String keyHeader, Review.Capped<Review.Count> counts,
            Set<String> highlighted) {
        h.element("h3", h.m.get(titleKey));
        List<Review.Count> items = counts.items();
        if (!items.isEmpty()) {
            h.raw(SvgCharts.bars("chart-" + id, h.m.get("failed") + " – " + h.m.get(titleKey), h.m.get("chartDesc"),
                    items, highlighted));
            h.table(id, keyHeader, "count");
            for (Review.Count c : items) {
                h.row(highlighted.contains(c.key()) ? "burst" : null, ReportHtml.td(c.key()), ReportHtml.num(c.count()));
            }
            h.endTable();
        }
        h.capped(items.size(), counts.more());
    }

    private void afterHours() {
        Review.Settings s = review.settings();
        h.section("after-hours", "afterHours").p(h.m.format("afterHoursRule", s.workdays(), s.officeHours(), s.zone()));
        h.events(review.afterHours().items(), review.afterHours().more()).endSection();
    }

    private void sensitive() {
        h.section("sensitive", "sensitive");
        Review.Capped<Review.SensitiveCount> reads = review.sensitive();
        if (!reads.items().isEmpty()) {
            h.table("sensitive", "actor", "purpose", "count", "first", "last");
            for (Review.SensitiveCount c : reads.items()) {
                h.row(null, ReportHtml.td(c.actor()),
                        c.purpose() == null ? "<td class=\"none\">" + Html.text(h.m.get("noPurpose")) + "</td>"
                                : ReportHtml.td(c.purpose()),
                        ReportHtml.num(c.count()), ReportHtml.tdHtml(h.time(c.first())),
                        ReportHtml.tdHtml(h.time(c.last())));
            }
            h.endTable();
        }
        h.capped(reads.items().size(), reads.more()).endSection();
    }

    private void operations() {
        h.section("operations", "operations");
        List<Review.Event> events = review.operations().items();
        if (!events.isEmpty()) {
            h.table("operations", "time", "type", "span", "detail", "ref");
            for (Review.Event e : events) {
                h.row(null, ReportHtml.tdHtml(h.time(e.ts())), ReportHtml.tdHtml(h.type(e.type())),
                        ReportHtml.tdHtml(span(e)), ReportHtml.td(e.detail()), ReportHtml.td(e.chain() + "#" + e.seq()));
            }
            h.endTable();
        }
        h.capped(events.size(), review.operations().more()).endSection();
    }

    private String span(Review.Event e) {
        if (e.spanFrom() == null && e.spanTo() == null) {
            return "";
        }
        String from = e.spanFrom() == null ? Html.text(h.m.get("unknown")) : h.time(e.spanFrom());
        String to = e.spanTo() == null ? Html.text(h.m.get("openSpan")) : h.time(e.spanTo());
        return from + " – " + to;
    }
}
