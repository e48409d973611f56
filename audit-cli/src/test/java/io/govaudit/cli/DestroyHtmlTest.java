package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printable 資訊刪除紀錄表 of {@code destroy}: self-contained, every value escaped (S7). */
class DestroyHtmlTest {

    private static final String EVIL_OPERATOR = "<script>alert(1)</script>\u202Eevil\" onload='x'";
    private static final String EVIL_METHOD = "<img src=http://example.com/x.png>&amp;</td></tr>";

    @TempDir
    Path tmp;

    @Test
    void form_hostileOperatorAndMethod_areTextAndPageLoadsNothing() throws Exception {
        DestroyFixture f = new DestroyFixture(tmp);
        f.bundle();
        Path receipt = tmp.resolve("out").resolve("receipt.json");
        Files.createDirectories(receipt.getParent());

        CliRun run = CliRun.of("destroy", f.store().toString(), "--bundle", f.zip().toString(), "--operator",
                EVIL_OPERATOR, "--method", EVIL_METHOD, "--receipt", receipt.toString(), "--receipt-html",
                tmp.resolve("form.html").toString(), "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode r = Segments.parse(Files.readString(receipt, StandardCharsets.UTF_8));
        assertThat(r.get("operator").asText()).isEqualTo(EVIL_OPERATOR);
        assertThat(r.get("signing_key").isNull()).isTrue();
        assertThat(r.at("/bundle/signature").asText()).isEqualTo("not-checked");
        assertThat(tmp.resolve("out").resolve("receipt.json.sig")).doesNotExist();
        String html = Files.readString(tmp.resolve("form.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;[U+202E]evil&quot; onload=&#39;x&#39;",
                "&lt;img src=http://example.com/x.png&gt;&amp;amp;&lt;/td&gt;&lt;/tr&gt;", "未簽章",
                "Content-Security-Policy", "default-src 'none'");
        assertThat(html).doesNotContain("<script", "<img", "\u202E", "src=\"", "href=", "<link", "@import");
        assertThat(html.replace("http://example.com/x.png", "")).doesNotContain("http:", "https:");
        JsonNode out = Segments.parse(run.out());
        assertThat(out.get("destroyed").asBoolean()).isTrue();
        assertThat(out.get("receiptHtml").asText()).endsWith("form.html");
    }
}
