import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Writes {@code THIRD-PARTY-NOTICES} for the CLI's shaded jar. Build-time only: the pom runs it with
 * the JDK's source launcher ({@code java -cp <runtime classpath> ThirdPartyNotices.java ...}), so it
 * needs no compile step, no module and nothing from the internet.
 *
 * <p>Inputs: the module's CycloneDX SBOM (components with licences from their effective POMs and
 * SHA-256 hashes), the runtime classpath it is launched with (exactly the jars the shade plugin
 * bundles), and a directory of canonical licence texts named {@code <SPDX-id>.txt}. Each classpath
 * jar is matched to its SBOM component by SHA-256; a jar without a component, or a component whose
 * licence has no text (neither a canonical text nor a licence file in its jar) fails the build.
 *
 * <p>Arguments: {@code bom.json licence-dir output-file own-groupId title}.
 */
public final class ThirdPartyNotices {

    private static final String RULE = "=".repeat(78);
    private static final Pattern LICENCE_FILE =
            Pattern.compile("(?i)(META-INF/(.+/)?)?([^/]*[-_.])?(licen[cs]e|notice|copying)([-_.][^/]*)?");
    private static final Pattern COPYRIGHT = Pattern.compile("(?i)^\\s*(copyright|\\(c\\)|©).*(\\d{4}|\\(c\\)|©).*");

    private record Licence(String id, String name, String url) {}

    private record Component(String group, String artifact, String version, List<Licence> licences, String origin, String publisher) {
        String coordinates() {
            return group + ":" + artifact + ":" + version;
        }
    }

    private ThirdPartyNotices() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("arguments: bom.json licence-dir output-file own-groupId title");
        }
        JsonNode bom = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path texts = Path.of(args[1]);
        Properties aliases = new Properties();
        try (InputStream in = Files.newInputStream(texts.resolve("aliases.properties"))) {
            aliases.load(in);
        }
        Map<String, Component> byHash = components(bom, args[3]);
        Map<Component, Path> bundled = bundled(byHash, bom, args[3]);
        StringBuilder out = new StringBuilder();
        out.append("THIRD-PARTY NOTICES for ").append(args[4]).append('\n')
                .append("Generated at build time from the bundled jars and their POMs (CycloneDX SBOM); do not edit.\n")
                .append("This jar bundles the ").append(bundled.size())
                .append(" open-source components listed below. The ").append(args[3])
                .append(" modules it also bundles are not third-party and are not listed.\n");
        Set<String> canonical = new TreeSet<>();
        for (Map.Entry<Component, Path> e : bundled.entrySet()) {
            out.append('\n').append(RULE).append('\n');
            component(out, e.getKey(), e.getValue(), texts, aliases, canonical);
        }
        for (String id : canonical) {
            out.append('\n').append(RULE).append('\n').append("Licence text: ").append(id).append("\n\n")
                    .append(Files.readString(texts.resolve(id + ".txt")).strip()).append('\n');
        }
        Path target = Path.of(args[2]);
        Files.createDirectories(target.getParent());
        Files.writeString(target, out, StandardCharsets.UTF_8);
        System.out.println("[notices] " + bundled.size() + " components, " + canonical.size()
                + " licence texts -> " + target);
    }

    /** The SBOM's third-party components by SHA-256. */
    private static Map<String, Component> components(JsonNode bom, String ownGroup) {
        Map<String, Component> byHash = new LinkedHashMap<>();
        for (JsonNode c : bom.path("components")) {
            if (ownGroup.equals(c.path("group").asText())) {
                continue;
            }
            List<Licence> licences = new ArrayList<>();
            for (JsonNode l : c.path("licenses")) {
                if (l.has("expression")) {
                    for (String id : l.get("expression").asText().split("\\s+(?:OR|AND|WITH)\\s+|[()]")) {
                        if (!id.isBlank()) {
                            licences.add(new Licence(id.strip(), null, null));
                        }
                    }
                } else {
                    JsonNode lic = l.path("license");
                    licences.add(new Licence(text(lic, "id"), text(lic, "name"), text(lic, "url")));
                }
            }
            Component component = new Component(c.path("group").asText(), c.path("name").asText(),
                    c.path("version").asText(), licences, origin(c), text(c, "publisher"));
            for (JsonNode h : c.path("hashes")) {
                if ("SHA-256".equals(h.path("alg").asText())) {
                    byHash.put(h.path("content").asText(), component);
                }
            }
        }
        return byHash;
    }

    /** The jars on this JVM's classpath (the module's runtime classpath), each with its component. */
    private static Map<Component, Path> bundled(Map<String, Component> byHash, JsonNode bom, String ownGroup)
            throws IOException {
        Map<Component, Path> bundled = new java.util.TreeMap<>(Comparator.comparing(Component::coordinates));
        List<String> unknown = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (Files.isDirectory(jar) || isOwnModule(jar, bom, ownGroup)) {
                continue;
            }
            Component component = byHash.get(sha256(jar));
            if (component == null) {
                unknown.add(jar.toString());
            } else {
                bundled.put(component, jar);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("bundled jars with no component (same SHA-256) in the SBOM: " + unknown
                    + "; the SBOM and the runtime classpath disagree, check the cyclonedx plugin's scopes");
        }
        return bundled;
    }

    private static boolean isOwnModule(Path jar, JsonNode bom, String ownGroup) {
        String file = jar.getFileName().toString();
        for (JsonNode c : bom.path("components")) {
            if (ownGroup.equals(c.path("group").asText())
                    && file.startsWith(c.path("name").asText() + "-" + c.path("version").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void component(StringBuilder out, Component c, Path jar, Path texts, Properties aliases,
            Set<String> canonical) throws IOException {
        Map<String, String> files = licenceFiles(jar);
        out.append("Component: ").append(c.group()).append(':').append(c.artifact()).append('\n')
                .append("Version: ").append(c.version()).append('\n')
                .append("Origin: ").append(c.origin()).append('\n')
                .append("Distribution: https://repo.maven.apache.org/maven2/").append(c.group().replace('.', '/'))
                .append('/').append(c.artifact()).append('/').append(c.version()).append('/').append('\n');
        Set<String> copyrights = copyrights(files.values());
        if (copyrights.isEmpty()) {
            out.append("Copyright: not stated in the component's jar")
                    .append(c.publisher() == null ? " or POM" : "; its POM names the organisation " + c.publisher())
                    .append('\n');
        }
        copyrights.forEach(line -> out.append("Copyright: ").append(line).append('\n'));
        if (c.licences().isEmpty()) {
            throw new IllegalStateException(c.coordinates() + " declares no licence in its POM (see target/bom.json);"
                    + " find its licence by hand before bundling it");
        }
        for (Licence l : c.licences()) {
            String id = spdx(l, aliases);
            boolean hasText = id != null && Files.isRegularFile(texts.resolve(id + ".txt"));
            if (!hasText && files.isEmpty()) {
                throw new IllegalStateException(c.coordinates() + ": no text for its licence " + l + " - add "
                        + texts.resolve((id == null ? "<SPDX-id>" : id) + ".txt")
                        + " (and an alias in aliases.properties if the POM names it without an SPDX id)");
            }
            out.append("Licence: ").append(id == null ? l.name() : id);
            if (id != null && l.name() != null && !l.name().equals(id)) {
                out.append(" (declared as \"").append(l.name()).append("\")");
            }
            if (l.url() != null) {
                out.append(" <").append(l.url()).append('>');
            }
            if (hasText) {
                canonical.add(id);
                out.append("; text: see \"Licence text: ").append(id).append("\" below");
            } else {
                out.append("; text: in the component's files below");
            }
            out.append('\n');
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            out.append("\n--- ").append(f.getKey()).append(" (from ").append(jar.getFileName()).append(") ---\n")
                    .append(f.getValue().strip()).append('\n');
        }
    }

    private static String spdx(Licence l, Properties aliases) {
        if (l.id() != null) {
            return aliases.getProperty(l.id(), l.id());
        }
        return l.name() == null ? null : aliases.getProperty(l.name());
    }

    /** LICENSE, NOTICE and COPYING files in the jar's root or META-INF, by entry name. */
    private static Map<String, String> licenceFiles(Path jar) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            j.stream().filter(e -> !e.isDirectory() && !e.getName().endsWith(".class"))
                    .filter(e -> LICENCE_FILE.matcher(e.getName()).matches())
                    .forEach(e -> {
                        try (InputStream in = j.getInputStream(e)) {
                            files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    });
        }
        return files;
    }

    private static Set<String> copyrights(Iterable<String> files) {
        Set<String> lines = new LinkedHashSet<>();
        for (String text : files) {
            text.lines().filter(l -> COPYRIGHT.matcher(l).matches())
                    .filter(l -> !l.contains("[yyyy]") && !l.contains("{yyyy}"))
                    .map(String::strip).forEach(lines::add);
        }
        return lines;
    }

    private static String origin(JsonNode c) {
        for (String type : List.of("website", "vcs", "distribution")) {
            for (JsonNode ref : c.path("externalReferences")) {
                if (type.equals(ref.path("type").asText())) {
                    return ref.path("url").asText();
                }
            }
        }
        return "not stated in its POM";
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
