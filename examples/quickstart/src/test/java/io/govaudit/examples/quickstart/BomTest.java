package io.govaudit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM lists every published govaudit module with the build's version, so an application that
 * imports it gets matching artifacts.
 */
class BomTest {

    private static final Path ROOT = Path.of("../..");

    private static String text(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    private static String projectVersion(String pom) {
        Matcher m = Pattern.compile("<artifactId>(?:govaudit-parent|audit-bom)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("a version after the artifactId").isTrue();
        return m.group(1);
    }

    @Test
    void bom_listsEveryPublishedModuleAtTheParentsVersion() throws IOException {
        String parent = text("pom.xml");
        String bom = text("audit-bom/pom.xml");
        List<String> published = new ArrayList<>();
        Matcher modules = Pattern.compile("<module>(audit-[a-z]+)</module>").matcher(parent);
        while (modules.find()) {
            if (!modules.group(1).equals("audit-bom")) {
                published.add(modules.group(1));
            }
        }

        assertThat(published).contains("audit-core", "audit-jdbc", "audit-cli");
        assertThat(projectVersion(bom)).isEqualTo(projectVersion(parent));
        for (String module : published) {
            assertThat(bom).as("the BOM manages %s", module)
                    .containsPattern("<artifactId>" + module + "</artifactId>\\s*<version>\\$\\{project.version}</version>");
        }
        assertThat(bom).doesNotContain("<parent>").as("a BOM without the build's parent leaks no third-party versions");
    }
}
