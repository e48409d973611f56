package io.govaudit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The zh-TW documents follow docs/glossary.zh-TW.md: one term per concept (none of the variants
 * the glossary excludes, outside code and technical tokens) and no Simplified characters at all.
 */
class GlossaryTest {

    private static final Path ROOT = Path.of("../..");
    private static final Path GLOSSARY = ROOT.resolve("docs/glossary.zh-TW.md");

    /**
     * Characters that exist only in Simplified Chinese (the Traditional forms differ), among them
     * those of 记录, 数据, 服务器, 软件, 验证, 时间, 链, 钥, 签.
     */
    private static final String SIMPLIFIED = "记录数务软账验证时间链钥签这个们为与设户删读写应实现统关开档区处审计变项义网络码"
            + "导显页发类称进运态储错误库给将会对没还认权围决问题层级节点键检阅说话语该详细样测试报复杂执总结质帐请输确"
            + "备传递队视图标览选择单击专业门长东车过见头书乐边达动么从后";

    private static final Pattern FENCED = Pattern.compile("(?s)```.*?```");
    private static final Pattern INLINE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern EXCLUDED_ROW = Pattern.compile("(?m)^\\| `(.+?)` \\|");

    /** The zh-TW documents the glossary governs (not the glossary itself, which names the variants). */
    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> docs = Files.newDirectoryStream(ROOT.resolve("docs"), "*.zh-TW.md")) {
            docs.forEach(files::add);
        }
        try (DirectoryStream<Path> examples = Files.newDirectoryStream(ROOT.resolve("examples"), Files::isDirectory)) {
            for (Path example : examples) {
                Path readme = example.resolve("README.zh-TW.md");
                if (Files.isRegularFile(readme)) {
                    files.add(readme);
                }
            }
        }
        files.removeIf(f -> f.getFileName().equals(GLOSSARY.getFileName()));
        files.sort(null);
        return files;
    }

    private static List<String> excludedVariants() throws IOException {
        String glossary = Files.readString(GLOSSARY);
        String section = glossary.substring(glossary.indexOf("## 不使用的寫法"));
        List<String> variants = new ArrayList<>();
        Matcher m = EXCLUDED_ROW.matcher(section);
        while (m.find()) {
            variants.add(m.group(1).replace("\\|", "|"));
        }
        return variants;
    }

    @Test
    void glossary_fixesOneTermPerConcept() throws IOException {
        String glossary = Files.readString(GLOSSARY);

        assertThat(glossary).contains("| record（名詞） | 紀錄 |", "| record（動詞） | 記錄 |", "| verifier | 驗證工具 |",
                "| exit code / exit status | 結束代碼 |", "| epoch（金鑰時期） | 時期 |", "| session | 工作階段 |",
                "| store | 儲存區 |", "| server | 伺服器 |", "| software | 軟體 |", "| data | 資料 |",
                "| account | 帳號 |", "| password | 密碼 |");
        assertThat(excludedVariants()).contains("驗證器", "驗證程式", "結束碼", "結束狀態", "期間金鑰", "會話", "存放區",
                "數據", "服務器", "軟件");
    }

    @Test
    void zhTwDocuments_useNoVariantTheGlossaryExcludes() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).extracting(p -> p.getFileName().toString())
                .contains("operations.zh-TW.md", "compliance.zh-TW.md", "keys.zh-TW.md", "release.zh-TW.md");
        List<String> found = new ArrayList<>();
        for (Path file : documents) {
            String prose = INLINE.matcher(FENCED.matcher(Files.readString(file)).replaceAll("")).replaceAll("");
            for (String variant : excludedVariants()) {
                Matcher m = Pattern.compile(variant).matcher(prose);
                while (m.find()) {
                    int from = Math.max(0, m.start() - 12);
                    found.add(file.getFileName() + ": " + variant + " in …"
                            + prose.substring(from, Math.min(prose.length(), m.end() + 12)).replace('\n', ' ') + "…");
                }
            }
        }
        assertThat(found).as("variants docs/glossary.zh-TW.md excludes").isEmpty();
    }

    @Test
    void zhTwDocuments_haveNoSimplifiedCharacters() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : documents()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String where = file.getFileName() + ":" + (i + 1) + " ";
                lines.get(i).codePoints().filter(c -> SIMPLIFIED.indexOf(c) >= 0).distinct()
                        .forEach(c -> found.add(where + Character.toString(c)));
            }
        }
        assertThat(found).as("Simplified characters in zh-TW documents").isEmpty();
        assertThat(SIMPLIFIED.codePoints().filter(c -> "記錄數據伺服器軟體驗證".indexOf(c) >= 0).count())
                .as("the list holds no Traditional character").isZero();
    }
}
