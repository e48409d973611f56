package io.govaudit.spring;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditException;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.spi.AuditStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code govaudit.store=jdbc}, keeps the chain in the application's {@link DataSource}
 * through {@link JdbcAuditStore} (io.govaudit:audit-jdbc, an optional dependency), installing
 * the audit tables first when {@code govaudit.jdbc.install-schema} says so.
 *
 * <p>Ordered after Spring Boot's DataSource auto-configuration by name, because the class moved
 * between Boot 3.5 ({@code org.springframework.boot.autoconfigure.jdbc}) and Boot 4
 * ({@code org.springframework.boot.jdbc.autoconfigure}); both are listed. Backs off without
 * audit-jdbc, without a single DataSource, or when the application defines its own
 * {@link AuditStore} or {@link AuditTrail}; {@link GovauditAutoConfiguration} then says at
 * startup what is missing for {@code govaudit.store=jdbc}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(name = GovauditAutoConfiguration.JDBC_STORE)
@ConditionalOnProperty(prefix = "govaudit", name = "store", havingValue = "jdbc")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnMissingBean(AuditTrail.class)
@EnableConfigurationProperties(GovauditProperties.class)
public final class GovauditJdbcStoreAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GovauditJdbcStoreAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(AuditStore.class)
    JdbcAuditStore govauditJdbcAuditStore(DataSource dataSource, GovauditProperties properties) {
        GovauditProperties.Jdbc jdbc = properties.getJdbc();
        installSchema(dataSource, jdbc.getInstallSchema());
        JdbcAuditStore.Builder builder = JdbcAuditStore.builder(dataSource);
        if (jdbc.getStateDirectory() != null) {
            builder.stateDirectory(jdbc.getStateDirectory());
        }
        if (jdbc.getHolder() != null) {
            builder.holder(jdbc.getHolder());
        }
        try {
            return builder.build();
        } catch (AuditConfigurationException e) {
            throw TrailBuilderMapping.named(e);
        }
    }

    /**
     * Installs the tables (idempotent) as the DataSource's role when the mode says so. NEVER
     * leaves them to the DBA: a missing table then fails the trail's start with the database's
     * message.
     */
    static void installSchema(DataSource dataSource, GovauditProperties.InstallSchema mode) {
        if (mode == GovauditProperties.InstallSchema.NEVER) {
            return;
        }
        try {
            if (mode == GovauditProperties.InstallSchema.ALWAYS || isH2(dataSource)) {
                LOG.info("installing the audit tables if missing (govaudit.jdbc.install-schema={}): {}", mode,
                        JdbcSchema.install(dataSource));
            }
        } catch (SQLException e) {
            throw new AuditException("govaudit.jdbc.install-schema=" + mode + ": installing the audit tables failed: ["
                    + e.getSQLState() + "] " + e.getMessage() + "; install them as the tables' owner "
                    + "(JdbcSchema.script) and set govaudit.jdbc.install-schema=never", e);
        }
    }

    private static boolean isH2(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return "h2".equals(c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT));
        }
    }
}
