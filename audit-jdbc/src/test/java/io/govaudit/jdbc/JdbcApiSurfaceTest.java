package io.govaudit.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.govaudit.ApiSurfaceTest;
import io.govaudit.SinceTagTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layering of audit-jdbc (issue 12): its API never shows its internals, nor core's. */
@AnalyzeClasses(packages = "io.govaudit.jdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class JdbcApiSurfaceTest {

    @ArchTest
    static final ArchRule apiSignatures_neverExposeInternalTypes = classes()
            .that().arePublic().and().resideInAPackage("io.govaudit.jdbc")
            .should(ApiSurfaceTest.notExposeTypesOf(List.of("io.govaudit.jdbc.internal", "io.govaudit.internal")))
            .because("jdbc.internal and core's internals stay out of io.govaudit.jdbc signatures");

    @Test
    void apiPackage_everyPublicTypeHasSince() throws IOException {
        assertThat(SinceTagTest.typesWithoutSince(Path.of("src/main/java"), "io.govaudit.jdbc")).isEmpty();
    }
}
