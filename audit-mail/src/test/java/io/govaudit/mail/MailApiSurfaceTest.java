package io.govaudit.mail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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

/** The layering of audit-mail: only core's API, and no Jakarta Mail or core internals in its API. */
@AnalyzeClasses(packages = "io.govaudit.mail", importOptions = ImportOption.DoNotIncludeTests.class)
class MailApiSurfaceTest {

    @ArchTest
    static final ArchRule apiSignatures_neverExposeInternalOrMailTypes = classes()
            .that().arePublic().and().resideInAPackage("io.govaudit.mail")
            .should(ApiSurfaceTest.notExposeTypesOf(List.of("io.govaudit.internal", "jakarta.mail")))
            .because("the mail library stays an implementation detail (STYLE.md S3)");

    @ArchTest
    static final ArchRule coreInternals_areNotUsed = noClasses()
            .that().resideInAPackage("io.govaudit.mail..")
            .should().dependOnClassesThat().resideInAPackage("io.govaudit.internal..")
            .because("audit-mail builds on core's public SPI (QueuedAlertListener) only");

    @Test
    void apiPackage_everyPublicTypeHasSince() throws IOException {
        assertThat(SinceTagTest.typesWithoutSince(Path.of("src/main/java"), "io.govaudit.mail")).isEmpty();
    }
}
