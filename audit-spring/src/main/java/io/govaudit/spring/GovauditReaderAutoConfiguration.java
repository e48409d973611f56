package io.govaudit.spring;

import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditReader;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.query.AuditReader;
import io.govaudit.verify.AuditVerifier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An {@link AuditReader} bean over the trail's own store (the file store's directory, or the
 * application's {@code DataSource} with {@code govaudit.store=jdbc}) that records every read as
 * {@code AUDIT_LOG_READ} by the current user: what the application's auditor pages query with.
 * With the JDBC store it also defines the {@link AuditVerifierSource} of the actuator endpoint.
 * Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {GovauditAutoConfiguration.class, GovauditJdbcStoreAutoConfiguration.class,
        GovauditExtrasAutoConfiguration.class})
@ConditionalOnBean(AuditTrail.class)
public final class GovauditReaderAutoConfiguration {

    /** The bean name of the reader. */
    static final String READER_BEAN = "govauditAuditReader";

    /** The file store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "govaudit.file", name = "directory")
    static class FileStore {

        @Bean(name = READER_BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean(AuditReader.class)
        AuditReader govauditAuditReader(GovauditProperties properties, AuditTrail trail,
                ObjectProvider<AuditContext> context) {
            return new CurrentUserReader(AuditReader.forDirectory(properties.getFile().getDirectory()), trail,
                    context);
        }
    }

    /** The JDBC store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = GovauditAutoConfiguration.JDBC_STORE)
    @ConditionalOnProperty(prefix = "govaudit", name = "store", havingValue = "jdbc")
    @ConditionalOnSingleCandidate(DataSource.class)
    static class JdbcStore {

        @Bean(name = READER_BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean(AuditReader.class)
        AuditReader govauditAuditReader(DataSource dataSource, AuditTrail trail, ObjectProvider<AuditContext> context) {
            return new CurrentUserReader(JdbcAuditReader.forDataSource(dataSource), trail, context);
        }

        @Bean
        @ConditionalOnMissingBean(AuditVerifierSource.class)
        AuditVerifierSource govauditJdbcVerifierSource(DataSource dataSource, AuditTrail trail) {
            JdbcRecordSource source = JdbcRecordSource.of(dataSource);
            return AuditVerifierSource.of(source.location(),
                    () -> AuditVerifier.forSource(source).expectChain(trail.chainId()));
        }
    }
}
