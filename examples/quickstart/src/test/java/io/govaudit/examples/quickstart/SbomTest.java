package io.govaudit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every published module the build has packaged carries its CycloneDX SBOM, {@code target/bom.json}, naming a
 * licence for each third-party component (issue 14, S8). Modules this build did not package are not checked.
 */
class SbomTest {

    private static final Path ROOT = Path.of("../..");

    @Test
    void sbom_everyPackagedPublishedModule_namesALicenceForEachComponent() throws IOException {
        assumeFalse("offline=true".equals(System.getProperty("govaudit.maven")),
                "the CycloneDX plugin skips its SBOM under mvn -o");
        List<String> checked = new ArrayList<>();
        for (String module : publishedModules()) {
            Path target = ROOT.resolve(module).resolve("target");
            if (!packaged(target, module)) {
                continue;
            }
            Path sbom = target.resolve("bom.json");
            assertThat(sbom).as("SBOM of %s", module).isRegularFile();
            JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
            assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo(module);
            for (JsonNode c : bom.path("components")) {
                if (!"io.govaudit".equals(c.path("group").asText())) {
                    assertThat(c.path("licenses")).as("licences of %s in %s", c.path("purl").asText(), sbom)
                            .isNotEmpty()
                            .allMatch(l -> l.has("expression") || l.path("license").has("id")
                                    || l.path("license").has("name"));
                }
            }
            checked.add(module);
        }
        assertThat(checked).as("modules packaged before this test").contains("audit-core");
    }

    private static List<String> publishedModules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>(audit-[a-z]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            if (!m.group(1).equals("audit-bom")) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    private static boolean packaged(Path target, String module) throws IOException {
        if (!Files.isDirectory(target)) {
            return false;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.anyMatch(f -> f.getFileName().toString().matches(Pattern.quote(module) + "-.*\\.jar"));
        }
    }
}
