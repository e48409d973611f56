package io.govaudit.examples.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The message files: the same keys in zh-TW and English, no Simplified Chinese characters in
 * the zh-TW text, and no template that writes unescaped text.
 */
class MessagesTest {

    /** Simplified characters whose Traditional forms this application uses. */
    private static final String SIMPLIFIED = "录记设账号码户务据库时间删错权项个览证验导输关页门对这为与开启动态统资网络审计读写选择检变"
            + "应设请须选该会时显链锁围";

    @Test
    void zhTwAndEnglish_haveTheSameKeys() throws IOException {
        assertThat(load("messages_en.properties").stringPropertyNames())
                .isEqualTo(load("messages.properties").stringPropertyNames());
    }

    @Test
    void zhTw_hasNoSimplifiedCharacters() throws IOException {
        Properties zh = load("messages.properties");
        for (String key : zh.stringPropertyNames()) {
            String value = zh.getProperty(key);
            assertThat(value.codePoints().filter(c -> SIMPLIFIED.indexOf(c) >= 0).toArray()).as("%s=%s", key, value)
                    .isEmpty();
        }
    }

    @Test
    void templates_neverWriteUnescapedText() throws IOException {
        try (Stream<Path> templates = Files.list(Path.of("src", "main", "resources", "templates"))) {
            for (Path template : templates.toList()) {
                assertThat(Files.readString(template)).as("%s", template).doesNotContain("th:utext");
            }
        }
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
