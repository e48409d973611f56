package io.govaudit.spring;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditTrail;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.spi.AnchorSink;
import io.govaudit.spi.AuditStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Opens the {@link AuditTrail} from the {@code govaudit.*} properties when
 * {@code govaudit.file.directory} is set (or {@code govaudit.store=jdbc}), and closes it (writing
 * {@code TRAIL_STOP}) when the application context closes. Every bean backs off when the
 * application defines its own.
 *
 * <p>The builder gets, in this order: the store, the chain id and system, every core property
 * that is set ({@link TrailBuilderMapping}), the application's {@link AuditAlertListener} beans
 * (after the logging listener, which stays), its {@link AnchorSink} beans, and last every
 * {@link AuditTrailBuilderCustomizer} in order. Invalid settings stop the startup with one
 * {@link AuditConfigurationException} naming each property.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GovauditJdbcStoreAutoConfiguration.class)
@EnableConfigurationProperties(GovauditProperties.class)
public final class GovauditAutoConfiguration {

    /** The fallback for where.system and the chain id without spring.application.name. */
    static final String DEFAULT_SYSTEM = "application";

    /** The JDBC store's class, named rather than referenced: audit-jdbc is optional. */
    static final String JDBC_STORE = "io.govaudit.jdbc.JdbcAuditStore";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(TrailCondition.class)
    AuditTrail auditTrail(GovauditProperties properties, Environment environment, ObjectProvider<AuditStore> stores,
            ObjectProvider<DataSource> dataSources, ObjectProvider<AuditAlertListener> alertListeners,
            ObjectProvider<AnchorSink> anchorSinks, ObjectProvider<AuditTrailBuilderCustomizer> customizers,
            ResourceLoader resourceLoader) {
        String applicationName = environment.getProperty("spring.application.name");
        String host = localHostName();
        String system = properties.getSystem() != null ? properties.getSystem()
                : applicationName != null && !applicationName.isBlank() ? applicationName : DEFAULT_SYSTEM;
        String chainId = properties.getChainId() != null ? properties.getChainId()
                : defaultChainId(applicationName, host);
        AuditTrail.Builder builder = AuditTrail.builder()
                .chainId(chainId)
                .system(system)
                .host(host);
        List<String> problems = new ArrayList<>(store(properties, builder, stores, dataSources,
                resourceLoader.getClassLoader()));
        problems.addAll(TrailBuilderMapping.apply(properties, builder));
        alertListeners.orderedStream()
                .reduce(AuditAlertListener::and)
                .ifPresent(listener -> builder.alertListener(AuditAlertListener.logging().and(listener)));
        anchorSinks.orderedStream().forEach(builder::anchorSink);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        if (!problems.isEmpty()) {
            throw new AuditConfigurationException(problems);
        }
        try {
            return builder.build();
        } catch (AuditConfigurationException e) {
            throw TrailBuilderMapping.named(e);
        }
    }

    /**
     * Points the builder at the directory ({@code govaudit.store=file}) or the store bean
     * ({@code jdbc}, from {@link GovauditJdbcStoreAutoConfiguration}), or says why neither can be.
     */
    private static List<String> store(GovauditProperties properties, AuditTrail.Builder builder,
            ObjectProvider<AuditStore> stores, ObjectProvider<DataSource> dataSources, ClassLoader classLoader) {
        Path directory = properties.getFile().getDirectory();
        if (properties.getStore() != GovauditProperties.Store.JDBC) {
            builder.directory(directory);
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (directory != null) {
            problems.add("govaudit.file.directory: is for govaudit.store=file; with govaudit.store=jdbc leave it "
                    + "unset, was " + directory);
        }
        AuditStore store = stores.getIfAvailable();
        if (store != null) {
            builder.store(store);
        } else if (!ClassUtils.isPresent(JDBC_STORE, classLoader)) {
            problems.add("govaudit.store: jdbc needs io.govaudit:audit-jdbc on the class path (" + JDBC_STORE
                    + " is missing); add the dependency, or use govaudit.store=file");
        } else {
            problems.add("govaudit.store: jdbc needs one DataSource bean, found " + dataSources.stream().count()
                    + "; configure spring.datasource.url (spring-boot-starter-jdbc) or define a DataSource bean "
                    + "(mark one @Primary if there are several)");
        }
        return problems;
    }

    /**
     * The default chain id: application name and host, each character outside the chain-id
     * alphabet replaced by {@code -}, cut to 64 characters.
     *
     * @param applicationName spring.application.name, or null
     * @param host            the host name
     * @return a valid chain id
     */
    static String defaultChainId(String applicationName, String host) {
        String name = applicationName == null || applicationName.isBlank() ? DEFAULT_SYSTEM : applicationName;
        String id = (name + "-" + host).replaceAll("[^A-Za-z0-9._-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A trail is opened when a store is configured: a directory, or govaudit.store=jdbc. */
    static final class TrailCondition extends AnyNestedCondition {

        TrailCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "govaudit.file", name = "directory")
        static final class FileDirectory {
        }

        @ConditionalOnProperty(prefix = "govaudit", name = "store", havingValue = "jdbc")
        static final class JdbcStore {
        }
    }
}
