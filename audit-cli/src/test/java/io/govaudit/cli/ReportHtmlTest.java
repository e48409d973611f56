package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page parsed back (S7): hostile strings from every member of the fixture's records
 * are text, never markup; the page holds only the template's elements, no script, no event
 * handler, no URL; the escape function itself; the two languages have the same messages, and the
 * Chinese ones no Simplified characters.
 */
class ReportHtmlTest {

    /** Every element the template writes; anything else was injected. */
    static final Set<String> TEMPLATE_TAGS = Set.of("html", "head", "meta", "title", "style", "body", "header",
            "h1", "h2", "h3", "p", "section", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "code",
            "time", "svg", "desc", "rect", "line", "text");

    /** Common Simplified forms of characters the report uses in Traditional form. */
    private static final Pattern SIMPLIFIED = Pattern.compile("[记录账号时间务问题数类计检读写开关户权变钥删设态认证护览级别条签审员职单击]");

    @TempDir
    static Path tmp;

    static String page;
    static Document doc;

    @BeforeAll
    static void report() throws IOException {
        Path store = tmp.resolve("store");
        ReviewFixture.write(store);
        Path out = tmp.resolve("review.html");
        CliRun run = ReportCliTest.report(store, out);
        assertThat(run.exit()).as(run.err()).isZero();
        page = Files.readString(out);
        doc = Jsoup.parse(page);
    }

    @Test
    void page_holdsOnlyTheTemplatesElements_noScriptNoHandlerNoUrl() {
        Set<String> tags = new TreeSet<>();
        for (Element e : doc.getAllElements()) {
            if (e == doc) {
                continue;
            }
            tags.add(e.normalName());
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).as("attribute on <%s>", e.normalName()).doesNotStartWith("on");
                assertThat(a.getKey()).isNotIn("src", "href", "xlink:href", "action", "formaction", "srcset");
            }
        }
        assertThat(TEMPLATE_TAGS).containsAll(tags);
        assertThat(doc.select("script, img, iframe, object, embed, link, foreignObject, a")).isEmpty();
        assertThat(page).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContain("url(").doesNotContain("@import").doesNotContain("<script");
        assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        assertThat(doc.select("meta[charset]").attr("charset")).isEqualTo("utf-8");
    }

    @Test
    void hostileStrings_appearAsTextInEverySectionTheyWereRecordedIn() {
        String afterHours = doc.selectFirst("#after-hours").text();
        assertThat(afterHours).contains(ReviewFixture.NIGHT_ADMIN, "POST /admin/settings " + ReviewFixture.SCRIPT,
                "note=" + ReviewFixture.TEMPLATE, "[U+202E]gpj.exe").doesNotContain("\u202E");
        assertThat(doc.selectFirst("#sensitive").text()).contains(ReviewFixture.SCRIPT);
        assertThat(doc.selectFirst("#changes").text()).contains("bob" + ReviewFixture.QUOTE,
                "PUT /admin/users " + ReviewFixture.SVG,
                "granted=[ROLE_ADMIN, " + ReviewFixture.SCRIPT + "]", "revoked=[" + ReviewFixture.TEMPLATE + "]");
        assertThat(doc.selectFirst("#failed-logins").text()).contains(ReviewFixture.MALLORY);
        assertThat(doc.select("#failed-logins svg rect > title").eachText()).contains(ReviewFixture.MALLORY + ": 6");
        assertThat(doc.select("#failed-logins svg text").eachText())
                .contains(ReviewFixture.MALLORY.substring(0, 31) + "…"); // a long label is clipped, as text
        assertThat(doc.select("header").text()).doesNotContain(ReviewFixture.SCRIPT);
        assertThat(page).contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
                "&quot;&gt;&lt;svg onload=alert(2)&gt;", "&#39; onmouseover=&#39;alert(3)");
    }

    @Test
    void escape_replacesTheFiveCharactersAndShowsInvisibleOnes() {
        assertThat(Html.text("<a href=\"x\" title='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.text("a\u202Eb\u200Bc\u0000d\ne\ud800f")).isEqualTo(
                "a[U+202E]b[U+200B]c[U+0000]d[U+000A]e[U+D800]f");
        assertThat(Html.text("臺北市 😀 é")).isEqualTo("臺北市 😀 é");
        assertThat(Html.text(null)).isEmpty();
    }

    @Test
    void messages_sameKeysInBothLanguages_andTraditionalCharactersOnly() {
        assertThat(ReportMessages.keys(true)).isEqualTo(ReportMessages.keys(false));
        ReportMessages zh = ReportMessages.of("zh-TW");
        for (String key : ReportMessages.keys(true)) {
            assertThat(zh.get(key)).as(key).doesNotContainPattern(SIMPLIFIED);
        }
        assertThat(doc.text()).doesNotContainPattern(SIMPLIFIED);
        assertThat(zh.get("title")).contains("紀錄");
    }
}
