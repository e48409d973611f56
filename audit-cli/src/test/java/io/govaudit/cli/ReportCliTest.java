package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.verify.AuditVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} end to end on a store written by the real trail ({@link ReviewFixture}): the
 * sections and their figures, the JSON form, the recorded read, a tampered store, the period and
 * the option errors.
 */
class ReportCliTest {

    @TempDir
    Path tmp;

    private Path store() {
        return tmp.resolve("store");
    }

    @BeforeEach
    void writeStore() {
        ReviewFixture.write(store());
    }

    static CliRun report(Path store, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("report", store.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private int runs;

    private Document html(String... more) throws IOException {
        Path out = tmp.resolve("review-" + ++runs + ".html");
        CliRun run = report(store(), out, more);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return Jsoup.parse(Files.readString(out));
    }

    private JsonNode json(String... more) throws IOException {
        Path out = tmp.resolve("review-" + ++runs + ".json");
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        args.addAll(List.of(more));
        CliRun run = report(store(), out, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return Segments.JSON.readTree(Files.readString(out));
    }

    @Test
    void report_fixtureStore_showsEverySectionInTraditionalChineseWithTheVerdictFirst() throws IOException {
        Document doc = html();

        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("zh-Hant-TW");
        assertThat(doc.select("section").eachAttr("id")).containsExactly("integrity", "per-day", "failed-logins",
                "after-hours", "sensitive", "changes", "operations", "signoff");
        assertThat(doc.select("h2").eachText()).contains("完整性驗證", "每日事件數（依類型）", "登入失敗",
                "上班時間以外的管理者操作", "機敏資料存取（依帳號與目的）", "權限與帳號異動", "審查簽核");
        assertThat(doc.selectFirst("#integrity .verdict").text()).isEqualTo("完整（INTACT）");
        assertThat(doc.selectFirst("#integrity .verdict").hasClass("ok")).isTrue();
        assertThat(doc.select("#per-day th").eachText()).contains("LOGIN_FAILURE 登入失敗", "ADMIN_ACTION 管理者操作");
        assertThat(doc.select("#changes td").eachText()).contains("USER_LOCK 帳號鎖定", "PERMISSION_CHANGE 權限變更");
        assertThat(doc.select("svg title").eachText()).contains("每日事件數（依類型）");
    }

    @Test
    void report_failedLogins_countsByAccountAndIpAndHighlightsTheBurst() throws IOException {
        Document doc = html();

        Element burst = doc.selectFirst("table.bursts tr.burst:contains(" + ReviewFixture.BURST_IP + ")");
        assertThat(burst).isNotNull();
        assertThat(burst.select("td").last().text()).isEqualTo(String.valueOf(ReviewFixture.BURST_FAILURES));
        assertThat(doc.select("table.bursts tr.burst").eachText()).anyMatch(t -> t.contains(ReviewFixture.MALLORY))
                .noneMatch(t -> t.contains("bob"));
        assertThat(doc.select("table.failed-by-ip tr.burst").text()).contains(ReviewFixture.BURST_IP);
        assertThat(doc.select("#failed-logins svg rect[fill=" + SvgCharts.HIGHLIGHT + "]")).hasSize(2);

        JsonNode failed = json().get("failed");
        assertThat(failed.get("total").asLong()).isEqualTo(ReviewFixture.BURST_FAILURES + 3);
        assertThat(failed.at("/byActor/items/0/key").asText()).isEqualTo(ReviewFixture.MALLORY);
        assertThat(failed.at("/byIp/items/0/count").asLong()).isEqualTo(ReviewFixture.BURST_FAILURES);
        assertThat(failed.at("/bursts/items")).hasSize(2);
        assertThat(failed.at("/bursts/items/0/start").asText()).isEqualTo("2026-11-02T02:00:00Z");
    }

    @Test
    void report_adminActions_listsOnlyThoseOutsideOfficeHoursInTaipeiTime() throws IOException {
        JsonNode review = json();

        JsonNode items = review.at("/afterHours/items");
        assertThat(items).hasSize(2); // ADMIN_ACTION and CONFIG_CHANGE by the admin at 03:00 Taipei
        assertThat(items.get(0).get("ts").asText()).isEqualTo("2026-11-03T19:00:00Z");
        assertThat(items.get(0).get("actor").asText()).isEqualTo(ReviewFixture.NIGHT_ADMIN);
        assertThat(items.get(1).get("type").asText()).isEqualTo("CONFIG_CHANGE");
        Document doc = html("--lang", "zh-TW");
        assertThat(doc.select("#after-hours time").first().text()).isEqualTo("2026-11-04 03:00:00");
        assertThat(doc.select("#after-hours time").first().attr("title")).isEqualTo("2026-11-03T19:00:00.000000Z UTC");

        JsonNode wide = json("--office-hours", "00:00-23:59", "--workdays", "MON-SUN");
        assertThat(wide.at("/afterHours/items")).isEmpty();
    }

    @Test
    void report_sensitiveReadsChangesAndIncidents_areCountedWithSpans() throws IOException {
        JsonNode review = json();

        assertThat(review.at("/sensitive/items/0/actor").asText()).isEqualTo("alice");
        assertThat(review.at("/sensitive/items/0/purpose").asText()).isEqualTo("review of case A");
        assertThat(review.at("/sensitive/items/0/count").asLong()).isEqualTo(3);
        assertThat(review.at("/sensitive/items")).anySatisfy(s -> assertThat(s.get("purpose").isNull()).isTrue());
        assertThat(review.at("/changes/items")).extracting(e -> e.get("type").asText())
                .containsExactly("PERMISSION_CHANGE", "USER_LOCK");
        assertThat(review.at("/changes/items/0/detail").asText()).contains("granted=[ROLE_ADMIN, " + ReviewFixture.SCRIPT);
        List<String> incidents = new ArrayList<>();
        review.at("/operations/items").forEach(e -> incidents.add(e.get("type").asText()));
        // the CAPACITY_WARNING record was in the segments the purge freed
        assertThat(incidents).contains("CLOCK_ANOMALY", "RECORDING_STOPPED", "RETENTION_PURGE", "RECORDING_RESUMED");
        JsonNode stopped = find(review.at("/operations/items"), "RECORDING_STOPPED");
        JsonNode resumed = find(review.at("/operations/items"), "RECORDING_RESUMED");
        assertThat(stopped.get("spanFrom").asText()).isEqualTo(stopped.get("ts").asText());
        assertThat(stopped.get("spanTo").asText()).isEqualTo(resumed.get("ts").asText());
        assertThat(resumed.get("spanFrom").asText()).isEqualTo(stopped.get("ts").asText());
        assertThat(resumed.get("detail").asText()).contains("not_recorded=4");
        JsonNode clock = find(review.at("/operations/items"), "CLOCK_ANOMALY");
        assertThat(clock.get("detail").asText()).contains("back_by_ms=180000");
    }

    private static JsonNode find(JsonNode items, String type) {
        for (JsonNode item : items) {
            if (item.get("type").asText().equals(type)) {
                return item;
            }
        }
        throw new AssertionError("no " + type + " in " + items);
    }

    @Test
    void report_isRecordedAsAuditLogReadWithTheDigestPrintedInTheReport() throws IOException {
        Document doc = html();

        String digest = doc.selectFirst("#signoff .digest").text();
        List<JsonNode> reads = Segments.records(store(), ReadRecorder.chain()).stream()
                .filter(r -> r.get("type").asText().equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).singleElement().satisfies(r -> {
            assertThat(r.at("/detail/action").asText()).isEqualTo("report");
            assertThat(r.at("/detail/review_sha256").asText()).isEqualTo(digest);
            assertThat(r.at("/detail/format").asText()).isEqualTo("html");
            assertThat(r.at("/detail/lang").asText()).isEqualTo("zh-TW");
            assertThat(r.at("/actor/id").asText()).isEqualTo(System.getProperty("user.name"));
        });
        assertThat(AuditVerifier.forDirectory(store()).verify().intact()).isTrue();
    }

    @Test
    void report_jsonFormat_digestIsTheFilesSha256() throws IOException, NoSuchAlgorithmException {
        json();
        byte[] file = Files.readAllBytes(tmp.resolve("review-" + runs + ".json"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(Segments.records(store(), ReadRecorder.chain()))
                .anySatisfy(r -> assertThat(r.at("/detail/review_sha256").asText()).isEqualTo(sha));
    }

    @Test
    void report_plainDates_areWholeDaysInTaipei_bothIncludedAsForExport() throws IOException {
        JsonNode review = json("--from", "2026-11-04", "--to", "2026-11-04");

        assertThat(review.get("from").asText()).isEqualTo("2026-11-03T16:00:00Z");
        assertThat(review.get("to").asText()).isEqualTo("2026-11-04T16:00:00Z");
        assertThat(review.get("perDay").fieldNames()).toIterable().containsExactly("2026-11-04");
        assertThat(review.at("/failed/total").asLong()).isZero();
    }

    @Test
    void report_english_usesEnglishHeadingsAndLang() throws IOException {
        Document doc = html("--lang", "en");

        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(doc.select("h2").eachText()).contains("Integrity", "Failed logins", "Reviewer sign-off");
        assertThat(doc.selectFirst(".verdict").text()).isEqualTo("INTACT");
    }

    @Test
    void report_tamperedStore_stillWritesTheReportWithARedVerdictAndExitsOne() throws IOException {
        for (Path segment : Segments.of(store(), "portal")) {
            String text = Files.readString(segment, StandardCharsets.UTF_8);
            Files.writeString(segment, text.replace("review of case A", "review of case B"), StandardCharsets.UTF_8);
        }
        Path out = tmp.resolve("broken.html");

        CliRun run = report(store(), out);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(run.out()).contains("STORE NOT INTACT");
        Document doc = Jsoup.parse(Files.readString(out));
        assertThat(doc.selectFirst("#integrity .verdict").hasClass("bad")).isTrue();
        assertThat(doc.selectFirst("#integrity .verdict").text()).isEqualTo("不完整（NOT INTACT）");
        assertThat(doc.select("#integrity tr.bad").text()).contains("portal", "HASH_MISMATCH");
        assertThat(doc.select("#integrity p.alert").text()).contains("讀取於 portal#");
    }

    @Test
    void report_badOptionsOrExistingOut_exitTwoAndWriteNothing() throws IOException {
        Path out = tmp.resolve("r.html");
        for (String[] bad : List.of(new String[] {"--lang", "fr"}, new String[] {"--burst", "1/10"},
                new String[] {"--office-hours", "18:00-08:00"}, new String[] {"--format", "pdf"},
                new String[] {"--workdays", "MON-FRY"}, new String[] {"--from", "yesterday"},
                new String[] {"--from", "2026-11-05", "--to", "2026-11-04"},
                new String[] {"--from", "2026-11-05T00:00:00Z", "--to", "2026-11-05T00:00:00Z"})) {
            CliRun run = report(store(), out, bad);
            assertThat(run.exit()).as(String.join(" ", bad) + ": " + run.err()).isEqualTo(AuditCli.EXIT_ERROR);
            assertThat(run.err()).isNotBlank();
        }
        Files.writeString(out, "keep");
        CliRun run = report(store(), out);
        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("never overwritten");
        assertThat(Files.readString(out)).isEqualTo("keep");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(Files.exists(store().resolve(ReadRecorder.chain()))).isFalse();
    }
}
