package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import io.govaudit.query.StoredRecord;
import io.govaudit.spring.testing.StoreRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** The {@link AuditReader} bean: which store it reads, who its reads are recorded as, its back-offs. */
class GovauditReaderAutoConfigurationTest {

    private static final AutoConfigurations ALL = AutoConfigurations.of(GovauditAutoConfiguration.class,
            GovauditJdbcStoreAutoConfiguration.class, GovauditExtrasAutoConfiguration.class,
            GovauditReaderAutoConfiguration.class);

    @TempDir
    Path store;

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL);

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void readsOfTheFileStoreAreRecordedAsTheAuthenticatedUser() {
        runner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=portal").run(context -> {
            AuditReader reader = context.getBean(AuditReader.class);
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "auditor-1", null, AuthorityUtils.createAuthorityList("ROLE_AUDITOR")));
            QueryPage page = reader.page(AuditQuery.builder().types(EventType.TRAIL_START).build());
            assertThat(page.records()).extracting(StoredRecord::type).containsExactly("TRAIL_START");
            context.getBean(AuditTrail.class).flush();
        });
        List<JsonNode> reads = StoreRecords.records(store).stream()
                .filter(r -> r.path("type").asText().equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).path("actor").path("id").asText()).isEqualTo("auditor-1");
        assertThat(reads.get(0).path("detail").path("filter").asText()).isEqualTo("types=TRAIL_START");
        assertThat(reads.get(0).path("detail").path("records").asLong()).isEqualTo(1);
    }

    @Test
    void withoutSpringSecurityReadsAreRecordedAsTheSystem() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=portal").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(AuditContext.class);
                    try (Stream<StoredRecord> all = context.getBean(AuditReader.class)
                            .stream(AuditQuery.builder().build())) {
                        assertThat(all.count()).isEqualTo(2);
                    }
                    context.getBean(AuditTrail.class).flush();
                });
        JsonNode read = StoreRecords.records(store).stream()
                .filter(r -> r.path("type").asText().equals("AUDIT_LOG_READ")).findFirst().orElseThrow();
        assertThat(read.path("actor").path("id").asText()).isEqualTo("system");
        assertThat(read.path("detail").path("action").asText()).isEqualTo("stream");
    }

    @Test
    void theJdbcStoreIsReadFromTheDataSource() {
        runner.withPropertyValues("govaudit.store=jdbc", "govaudit.chain-id=portal",
                        "spring.datasource.url=jdbc:h2:mem:reader-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .withConfiguration(AutoConfigurations.of(GovauditJdbcStoreTest.bootDataSourceAutoConfiguration()))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AuditVerifierSource.class);
                    QueryPage page = context.getBean(AuditReader.class).page(AuditQuery.builder().build());
                    assertThat(page.records()).extracting(StoredRecord::type)
                            .containsExactly("CHAIN_START", "TRAIL_START");
                    assertThat(context.getBean(AuditReader.class).location()).startsWith("jdbc:h2:mem:reader-");
                });
    }

    @Test
    void withoutAStoreThereIsNoReaderAndAnApplicationsOwnReaderWins() {
        runner.run(context -> assertThat(context).doesNotHaveBean(AuditReader.class));
        AuditReader own = AuditReader.forDirectory(store);
        runner.withPropertyValues("govaudit.file.directory=" + store).withBean(AuditReader.class, () -> own)
                .run(context -> assertThat(context).getBean(AuditReader.class).isSameAs(own));
        runner.withClassLoader(new FilteredClassLoader(JdbcAuditStore.class))
                .withPropertyValues("govaudit.file.directory=" + store)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditReader.class));
    }
}
