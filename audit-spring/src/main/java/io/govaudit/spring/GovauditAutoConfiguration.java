package io.govaudit.spring;

import io.govaudit.AuditTrail;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Opens the {@link AuditTrail} from the {@code govaudit.*} properties when
 * {@code govaudit.file.directory} is set, and closes it (writing {@code TRAIL_STOP}) when the
 * application context closes. Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(GovauditProperties.class)
public final class GovauditAutoConfiguration {

    /** The fallback for where.system and the chain id without spring.application.name. */
    static final String DEFAULT_SYSTEM = "application";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "govaudit.file", name = "directory")
    AuditTrail auditTrail(GovauditProperties properties, Environment environment) {
        String applicationName = environment.getProperty("spring.application.name");
        String host = localHostName();
        String system = properties.getSystem() != null ? properties.getSystem()
                : applicationName != null && !applicationName.isBlank() ? applicationName : DEFAULT_SYSTEM;
        String chainId = properties.getChainId() != null ? properties.getChainId()
                : defaultChainId(applicationName, host);
        return AuditTrail.builder()
                .directory(properties.getFile().getDirectory())
                .chainId(chainId)
                .system(system)
                .host(host)
                .durability(properties.getDurability())
                .build();
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
}
