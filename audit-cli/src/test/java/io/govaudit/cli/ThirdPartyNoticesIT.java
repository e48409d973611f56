package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar names every third-party component it bundles, with its version and licence text, in
 * {@code META-INF/THIRD-PARTY-NOTICES} (issue 14, S8), and the module's SBOM names a licence for each.
 * What is bundled comes from two sources the notices generator does not use: the
 * {@code META-INF/maven/.../pom.properties} entries in the jar, and {@code dependency:list} of the runtime
 * scope (the jars shade copies), each checked to be in the jar by one of its classes.
 */
class ThirdPartyNoticesIT {

    private static final Path JAR = Path.of(System.getProperty("auditCli.jar", "target/audit-cli.jar"));
    private static final Path BUNDLED =
            Path.of(System.getProperty("auditCli.bundled", "target/bundled-dependencies.txt"));
    private static final Path SBOM = Path.of(System.getProperty("auditCli.sbom", "target/bom.json"));
    private static final String OWN_GROUP = "io.govaudit";
    private static final String RULE = "\n" + "=".repeat(78) + "\n";
    private static final Pattern LISTED = Pattern.compile(
            "^\\s+([^:\\s]+):([^:]+):jar:(?:[^:]+:)?([^:]+):(?:compile|runtime):(.+?\\.jar)(?: -- .*)?$");
    private static final Pattern CANONICAL = Pattern.compile("text: see \"Licence text: ([^\"]+)\" below");

    private record Dependency(String group, String artifact, String version, Path file) {
        String name() {
            return group + ":" + artifact;
        }
    }

    @Test
    void notices_everyBundledDependency_listedWithVersionOriginAndLicenceText() throws IOException {
        String notices = notices();
        Map<String, String> blocks = blocks(notices);
        List<Dependency> bundled = bundled();

        assertThat(bundled).as("dependency:list in %s", BUNDLED).hasSizeGreaterThan(5);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (Dependency d : bundled) {
                assertThat(jar.getEntry(firstClass(d.file()))).as("%s is bundled in %s", d.name(), JAR).isNotNull();
                String block = blocks.get(d.name());
                assertThat(block).as("notices list %s", d.name()).isNotNull();
                assertThat(block).contains("\nVersion: " + d.version() + "\n").contains("\nOrigin: http")
                        .contains("\nLicence: ");
                assertHasLicenceText(d.name(), block, notices);
            }
        }
        assertThat(blocks.keySet()).as("nothing listed that is not bundled")
                .containsExactlyInAnyOrderElementsOf(bundled.stream().map(Dependency::name).toList());
    }

    @Test
    void notices_everyMavenArtifactInTheJar_listedWithItsVersion() throws IOException {
        Map<String, String> blocks = blocks(notices());
        int seen = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : jar.stream().filter(e -> e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom.properties"))
                    .toList()) {
                Properties pom = new Properties();
                try (InputStream in = jar.getInputStream(e)) {
                    pom.load(in);
                }
                if (OWN_GROUP.equals(pom.getProperty("groupId"))) {
                    continue;
                }
                String name = pom.getProperty("groupId") + ":" + pom.getProperty("artifactId");
                String contains = "\nContains: " + name + ":" + pom.getProperty("version") + " ";
                if (blocks.get(name) == null) { // built into another component's jar (angus-mail holds smtp …)
                    assertThat(blocks.values()).as("notices list %s (%s) or a component containing it", name,
                            e.getName()).anySatisfy(block -> assertThat(block).contains(contains));
                } else {
                    assertThat(blocks.get(name)).contains("\nVersion: " + pom.getProperty("version") + "\n");
                }
                seen++;
            }
        }
        assertThat(seen).as("pom.properties of third-party artifacts in the jar").isPositive();
    }

    @Test
    void sbom_everyThirdPartyComponent_namesALicence() throws IOException {
        assumeFalse("offline=true".equals(System.getProperty("auditCli.maven")),
                "the CycloneDX plugin skips its SBOM under mvn -o");
        JsonNode bom = new ObjectMapper().readTree(SBOM.toFile());

        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("components").size()).isPositive();
        for (JsonNode c : bom.path("components")) {
            if (!OWN_GROUP.equals(c.path("group").asText())) {
                List<String> licences = new ArrayList<>();
                c.path("licenses").forEach(l -> licences.add(
                        l.has("expression") ? l.get("expression").asText()
                                : l.path("license").path("id").asText(l.path("license").path("name").asText())));
                assertThat(licences).as("licences of %s in %s", c.path("purl").asText(), SBOM)
                        .isNotEmpty().allMatch(l -> !l.isBlank());
            }
        }
    }

    private static void assertHasLicenceText(String name, String block, String notices) {
        for (String line : block.lines().filter(l -> l.startsWith("Licence: ")).toList()) {
            Matcher canonical = CANONICAL.matcher(line);
            if (canonical.find()) {
                int at = notices.indexOf(RULE + "Licence text: " + canonical.group(1) + "\n");
                assertThat(at).as("%s: the text of %s is in the notices", name, canonical.group(1)).isNotNegative();
                assertThat(notices.substring(at + RULE.length()).split(RULE, 2)[0]).hasSizeGreaterThan(1000);
            } else {
                assertThat(line).as(name).endsWith("text: in the component's files below");
                assertThat(block.split("\n--- ")).as("%s: a licence file of its own", name)
                        .anyMatch(file -> file.length() > 500);
            }
        }
    }

    private static String notices() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            JarEntry entry = jar.getJarEntry("META-INF/THIRD-PARTY-NOTICES");
            assertThat(entry).as("META-INF/THIRD-PARTY-NOTICES in %s", JAR).isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Each component's block of the notices, by {@code groupId:artifactId}. */
    private static Map<String, String> blocks(String notices) {
        Map<String, String> blocks = new LinkedHashMap<>();
        for (String block : notices.split(RULE)) {
            if (block.startsWith("Component: ")) {
                String name = block.substring("Component: ".length(), block.indexOf('\n'));
                assertThat(blocks.put(name, block)).as("%s listed once", name).isNull();
            }
        }
        return blocks;
    }

    private static List<Dependency> bundled() throws IOException {
        List<Dependency> bundled = new ArrayList<>();
        for (String line : Files.readAllLines(BUNDLED)) {
            Matcher m = LISTED.matcher(line);
            if (m.matches() && !OWN_GROUP.equals(m.group(1))) {
                bundled.add(new Dependency(m.group(1), m.group(2), m.group(3), Path.of(m.group(4))));
            }
        }
        return bundled;
    }

    private static String firstClass(Path dependency) throws IOException {
        try (JarFile jar = new JarFile(dependency.toFile())) {
            return jar.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.startsWith("META-INF/"))
                    .findFirst().orElseThrow(() -> new AssertionError("no class in " + dependency));
        }
    }
}
