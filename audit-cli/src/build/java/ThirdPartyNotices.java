import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes {@code THIRD-PARTY-NOTICES} for the CLI's shaded jar. Build-time only: the pom runs it with
 * the JDK's source launcher ({@code java -cp <runtime classpath> ThirdPartyNotices.java ...}), so it
 * needs no compile step, no extra module, no library and nothing from the internet.
 *
 * <p>Inputs: the runtime classpath it is launched with (exactly the jars the shade plugin bundles);
 * each jar's POM next to it in the local repository, and that POM's parents, for licences, URL and
 * organisation (Maven has downloaded them to resolve the dependencies, so this works offline; the
 * CycloneDX plugin does not run with {@code -o}); the LICENSE/NOTICE files inside each jar; and a
 * directory of canonical licence texts named {@code <SPDX-id>.txt} with {@code licence-names.txt},
 * which maps the names POMs use to SPDX ids. The build fails, saying what to add, when a bundled jar
 * has no POM, declares no licence, or has a licence with no text (neither canonical nor in its jar).
 *
 * <p>Arguments: {@code licence-dir output-file own-groupId reactor-dir title}; this build's module jars
 * (under reactor-dir, with no POM beside them) and artifacts of own-groupId are not listed.
 */
public final class ThirdPartyNotices {

    private static final String RULE = "=".repeat(78);
    private static final Pattern LICENCE_FILE =
            Pattern.compile("(?i)(META-INF/(.+/)?)?([^/]*[-_.])?(licen[cs]e|notice|copying)([-_.][^/]*)?");
    private static final Pattern COPYRIGHT = Pattern.compile("(?i)^\\s*(copyright|\\(c\\)|©).*(\\d{4}|\\(c\\)|©).*");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private record Licence(String name, String url) {}

    private record Component(String group, String artifact, String version, String origin, String organisation,
            List<Licence> licences) {
        String coordinates() {
            return group + ":" + artifact + ":" + version;
        }
    }

    /** One POM of a component's parent chain, nearest first. */
    private record Pom(Path file, Element project) {
        String get(String... path) {
            Element e = project;
            for (String name : path) {
                e = child(e, name);
                if (e == null) {
                    return null;
                }
            }
            return e.getTextContent().strip();
        }
    }

    private ThirdPartyNotices() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("arguments: licence-dir output-file own-groupId reactor-dir title");
        }
        Path texts = Path.of(args[0]);
        Path reactor = Path.of(args[3]).toAbsolutePath().normalize();
        Map<String, String> names = licenceNames(texts.resolve("licence-names.txt"));
        Map<Component, Path> bundled = new TreeMap<>(java.util.Comparator.comparing(Component::coordinates));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(jar) || jar.startsWith(reactor) && !Files.isRegularFile(pomOf(jar))) {
                continue; // this build's own classes and module jars
            }
            Component component = component(jar);
            if (!component.group().equals(args[2])) {
                bundled.put(component, jar);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("THIRD-PARTY NOTICES for ").append(args[4]).append('\n')
                .append("Generated at build time from the bundled jars and their POMs; do not edit.\n")
                .append("This jar bundles the ").append(bundled.size())
                .append(" open-source components listed below, and the govaudit modules, which are not listed.\n");
        Set<String> canonical = new TreeSet<>();
        for (Map.Entry<Component, Path> e : bundled.entrySet()) {
            out.append('\n').append(RULE).append('\n');
            write(out, e.getKey(), e.getValue(), texts, names, canonical);
        }
        for (String id : canonical) {
            out.append('\n').append(RULE).append('\n').append("Licence text: ").append(id).append("\n\n")
                    .append(Files.readString(texts.resolve(id + ".txt")).strip()).append('\n');
        }
        Path target = Path.of(args[1]);
        Files.createDirectories(target.getParent());
        Files.writeString(target, out, StandardCharsets.UTF_8);
        System.out.println("[notices] " + bundled.size() + " components, " + canonical.size()
                + " licence texts -> " + target);
    }

    /** The component of a jar in the local repository, from its POM and the POM's parents. */
    private static Component component(Path jar) throws Exception {
        Path pomFile = pomOf(jar);
        if (!Files.isRegularFile(pomFile)) {
            throw new IllegalStateException("no POM next to bundled jar " + jar + " (expected " + pomFile + ")");
        }
        Pom self = pom(pomFile);
        String group = self.get("groupId") == null ? self.get("parent", "groupId") : self.get("groupId");
        String version = self.get("version") == null ? self.get("parent", "version") : self.get("version");
        Path repository = jar.getParent().getParent().getParent(); // the groupId directories, version and artifactId
        for (int i = 0; i < group.split("\\.").length; i++) {
            repository = repository.getParent();
        }
        List<Pom> chain = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Pom pom = self; pom != null; pom = parent(pom, repository)) {
            chain.add(pom);
            Element props = child(pom.project(), "properties");
            for (Element p : props == null ? List.<Element>of() : children(props)) {
                properties.putIfAbsent(p.getTagName(), p.getTextContent().strip());
            }
        }
        properties.put("project.groupId", group);
        properties.put("project.artifactId", self.get("artifactId"));
        properties.put("project.version", version);
        List<Licence> licences = new ArrayList<>();
        for (Pom pom : chain) {
            Element list = child(pom.project(), "licenses");
            if (list != null && !children(list).isEmpty()) {
                for (Element l : children(list)) {
                    licences.add(new Licence(interpolate(text(l, "name"), properties),
                            interpolate(text(l, "url"), properties)));
                }
                break;
            }
        }
        return new Component(group, self.get("artifactId"), version, interpolate(first(chain, "url"), properties),
                interpolate(first(chain, "organization", "name"), properties), licences);
    }

    private static Path pomOf(Path jar) {
        return jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".pom"));
    }

    private static Pom parent(Pom pom, Path repository) throws Exception {
        String g = pom.get("parent", "groupId");
        String a = pom.get("parent", "artifactId");
        String v = pom.get("parent", "version");
        if (g == null || a == null || v == null) {
            return null;
        }
        Path file = repository.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("parent POM " + g + ":" + a + ":" + v + " of " + pom.file()
                    + " is not in the local repository (" + file + ")");
        }
        return pom(file);
    }

    private static void write(StringBuilder out, Component c, Path jar, Path texts, Map<String, String> names,
            Set<String> canonical) throws IOException {
        Map<String, String> files = licenceFiles(jar);
        out.append("Component: ").append(c.group()).append(':').append(c.artifact()).append('\n')
                .append("Version: ").append(c.version()).append('\n')
                .append("Origin: ").append(c.origin() == null ? "not stated in its POM" : c.origin()).append('\n')
                .append("Distribution: https://repo.maven.apache.org/maven2/").append(c.group().replace('.', '/'))
                .append('/').append(c.artifact()).append('/').append(c.version()).append('/').append('\n');
        for (String contained : containedArtifacts(jar, c)) {
            out.append("Contains: ").append(contained)
                    .append(" (built into this component's jar; its licence and notices below)\n");
        }
        Set<String> copyrights = copyrights(files.values());
        if (copyrights.isEmpty()) {
            out.append("Copyright: not stated in the component's jar")
                    .append(c.organisation() == null ? " or POM"
                            : "; its POM names the organisation " + c.organisation())
                    .append('\n');
        }
        copyrights.forEach(line -> out.append("Copyright: ").append(line).append('\n'));
        if (c.licences().isEmpty()) {
            throw new IllegalStateException(c.coordinates() + " declares no licence in its POM or its parents';"
                    + " find its licence by hand before bundling it");
        }
        for (Licence l : c.licences()) {
            String id = names.get(normalise(l.name()));
            boolean hasText = id != null && Files.isRegularFile(texts.resolve(id + ".txt"));
            if (!hasText && files.isEmpty()) {
                throw new IllegalStateException(c.coordinates() + ": no text for its licence \"" + l.name()
                        + "\"; add the SPDX id and this name to " + texts.resolve("licence-names.txt")
                        + " and the text as " + texts.resolve("<SPDX-id>.txt"));
            }
            out.append("Licence: ").append(id == null ? l.name() : id);
            if (id != null && !id.equals(l.name())) {
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

    /**
     * Other Maven artifacts a jar is built from, as {@code group:artifact:version} from the
     * {@code META-INF/maven/.../pom.properties} it carries besides its own (angus-mail holds
     * angus-core, smtp, imap, pop3 and logging-mailhandler), so that every artifact whose metadata
     * the shaded jar carries is accounted for.
     */
    private static List<String> containedArtifacts(Path jar, Component c) throws IOException {
        List<String> contained = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : file.stream().filter(e -> e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom.properties"))
                    .sorted(java.util.Comparator.comparing(java.util.jar.JarEntry::getName)).toList()) {
                java.util.Properties pom = new java.util.Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    pom.load(in);
                }
                String group = pom.getProperty("groupId");
                String artifact = pom.getProperty("artifactId");
                if (!(c.group().equals(group) && c.artifact().equals(artifact))) {
                    contained.add(group + ":" + artifact + ":" + pom.getProperty("version"));
                }
            }
        }
        return contained;
    }

    /** LICENSE, NOTICE and COPYING files in the jar's root or META-INF, by entry name. */
    private static Map<String, String> licenceFiles(Path jar) throws IOException {
        Map<String, String> files = new TreeMap<>();
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

    /** {@code SPDX-id = name as a POM gives it} lines, keyed by the normalised name; ids map to themselves. */
    private static Map<String, String> licenceNames(Path file) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf(" = ");
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                String id = line.substring(0, eq).strip();
                names.put(normalise(id), id);
                names.put(normalise(line.substring(eq + 3)), id);
            }
        }
        return names;
    }

    private static String normalise(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", " ").strip();
    }

    private static String first(List<Pom> chain, String... path) {
        for (Pom pom : chain) {
            String value = pom.get(path);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String interpolate(String value, Map<String, String> properties) {
        if (value == null) {
            return null;
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(sb).toString();
    }

    private static Pom pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        return new Pom(file, doc.getDocumentElement());
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }
}
