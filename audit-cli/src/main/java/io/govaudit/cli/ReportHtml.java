package io.govaudit.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Building blocks of the report's HTML: headings, tables, cells for times and event types. Every
 * text argument is escaped here with {@link Html#text}; arguments named {@code html} are markup
 * built by these methods. Not thread-safe (one per report).
 */
final class ReportHtml {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    final StringBuilder out = new StringBuilder(64 * 1024);
    final ReportMessages m;
    private final ZoneId zone;

    ReportHtml(ReportMessages m, ZoneId zone) {
        this.m = m;
        this.zone = zone;
    }

    ReportHtml raw(String html) {
        out.append(html);
        return this;
    }

    ReportHtml text(String text) {
        out.append(Html.text(text));
        return this;
    }

    ReportHtml element(String tag, String text) {
        out.append('<').append(tag).append('>').append(Html.text(text)).append("</").append(tag).append(">\n");
        return this;
    }

    ReportHtml p(String text) {
        return element("p", text);
    }

    ReportHtml section(String id, String titleKey) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.text(m.get(titleKey)))
                .append("</h2>\n");
        return this;
    }

    ReportHtml endSection() {
        out.append("</section>\n");
        return this;
    }

    /** Starts a table with headers given as message keys. */
    ReportHtml table(String cssClass, String... headerKeys) {
        out.append("<table class=\"").append(cssClass).append("\"><thead><tr>");
        for (String key : headerKeys) {
            out.append("<th scope=\"col\">").append(Html.text(m.get(key))).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        return this;
    }

    ReportHtml endTable() {
        out.append("</tbody></table>\n");
        return this;
    }

    ReportHtml row(String cssClass, String... cellsHtml) {
        out.append(cssClass == null ? "<tr>" : "<tr class=\"" + cssClass + "\">");
        for (String cell : cellsHtml) {
            out.append(cell);
        }
        out.append("</tr>\n");
        return this;
    }

    /** @return a cell holding escaped text */
    static String td(String text) {
        return "<td>" + Html.text(text) + "</td>";
    }

    /** @return a right-aligned number cell */
    static String num(long n) {
        return "<td class=\"n\">" + n + "</td>";
    }

    /** @return a cell holding markup */
    static String tdHtml(String html) {
        return "<td>" + html + "</td>";
    }

    /** @return local time in the zone, with UTC in the tooltip and the datetime attribute */
    String time(Instant ts) {
        if (ts == null) {
            return "";
        }
        String utc = Times.utc(ts);
        return "<time datetime=\"" + utc + "\" title=\"" + utc + " UTC\">" + LOCAL.format(ts.atZone(zone)) + "</time>";
    }

    /** @return the type code, and in zh-TW its label beside it, e.g. {@code USER_LOCK 帳號鎖定} */
    String type(String code) {
        String label = m.typeLabel(code);
        return "<code>" + Html.text(code) + "</code>" + (label == null ? "" : " " + Html.text(label));
    }

    /** @return the legend text of a type: code and label */
    String typeText(String code) {
        String label = m.typeLabel(code);
        return label == null ? code : code + " " + label;
    }

    /** A paragraph for an empty section or the count of items not listed. */
    ReportHtml capped(int listed, long more) {
        if (listed == 0 && more == 0) {
            out.append("<p class=\"none\">").append(Html.text(m.get("none"))).append("</p>\n");
        } else if (more > 0) {
            out.append("<p class=\"more\">").append(Html.text(m.format("more", more))).append("</p>\n");
        }
        return this;
    }

    /** A table of events: time, type, account, subject, address, function, outcome, detail, ref. */
    ReportHtml events(List<Review.Event> events, long more) {
        if (!events.isEmpty()) {
            table("events", "time", "type", "actor", "subject", "ip", "op", "outcome", "detail", "ref");
            for (Review.Event e : events) {
                String actor = e.actorName() == null ? e.actor() : e.actor() + " (" + e.actorName() + ")";
                row("FAILURE".equals(e.outcome()) ? "failure" : null, tdHtml(time(e.ts())), tdHtml(type(e.type())),
                        td(actor), td(e.subject()), td(e.ip()), td(e.op()), td(e.outcome()), td(e.detail()),
                        td(e.chain() + "#" + e.seq()));
            }
            endTable();
        }
        return capped(events.size(), more);
    }
}
