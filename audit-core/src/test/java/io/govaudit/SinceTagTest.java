package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Every public type of the exported packages, SPI included, says since when it exists
 * (STYLE.md S4, issue 12): its Javadoc carries {@code @since}. Read from the sources, because
 * Javadoc tags do not reach the class files.
 */
public class SinceTagTest {

    /** A public type declaration (top level or nested) with the Javadoc right before it. */
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(/\\*\\*(?:(?!\\*/).)*\\*/)\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+(?:static\\s+)?(?:final\\s+|abstract\\s+|sealed\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)", Pattern.DOTALL);
    private static final Pattern ANY_PUBLIC_TYPE = Pattern.compile(
            "public\\s+(?:static\\s+)?(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    /**
     * Lists the public types of some packages whose Javadoc lacks {@code @since}.
     *
     * @param sourceRoot the module's {@code src/main/java}
     * @param packages   the packages
     * @return "package.Type (File.java)" for each
     * @throws IOException if a source cannot be read
     */
    public static List<String> typesWithoutSince(Path sourceRoot, String... packages) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = sourceRoot.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(file);
                    List<String> tagged = new ArrayList<>();
                    Matcher documented = PUBLIC_TYPE.matcher(text);
                    while (documented.find()) {
                        if (documented.group(1).contains("@since")) {
                            tagged.add(documented.group(2));
                        }
                    }
                    Matcher declared = ANY_PUBLIC_TYPE.matcher(text);
                    while (declared.find()) {
                        if (!tagged.contains(declared.group(1))) {
                            missing.add(pkg + "." + declared.group(1) + " (" + file.getFileName() + ")");
                        }
                    }
                }
            }
        }
        return missing;
    }

    @Test
    void exportedPackages_everyPublicTypeHasSince() throws IOException {
        List<String> missing = typesWithoutSince(Path.of("src/main/java"), ApiSurfaceTest.EXPORTED);

        assertThat(missing).as("public types without @since").isEmpty();
    }
}
