package io.govaudit.spring;

import io.govaudit.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code govaudit.*} properties: a thin mirror of {@link io.govaudit.AuditTrail.Builder}
 * (STYLE S12) plus what the web integration needs.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("govaudit")
public class GovauditProperties {

    /**
     * The file store; the trail is created only when its directory is set.
     */
    private final File file = new File();

    /**
     * Authorities that mark an administrator account, e.g. ROLE_ADMIN: their state-changing
     * requests are recorded as ADMIN_ACTION and their records carry actor.admin = true.
     */
    private List<String> adminRoles = new ArrayList<>();

    /**
     * The chain id ([A-Za-z0-9._-]{1,64}). Default: spring.application.name + "-" + the host
     * name, other characters replaced by "-" and cut to 64 characters.
     */
    private String chainId;

    /**
     * The system name written as where.system. Default: spring.application.name, else
     * "application".
     */
    private String system;

    /**
     * When a record is on disk: SYNC (before record() returns) or ASYNC (group commit).
     */
    private Durability durability = Durability.SYNC;

    /**
     * Web settings: how the client's address is found.
     */
    private final Web web = new Web();

    /**
     * Actuator settings: who may use the govaudit endpoint.
     */
    private final Actuator actuator = new Actuator();

    /**
     * Returns the file store settings.
     *
     * @return the file store settings
     */
    public File getFile() {
        return file;
    }

    /**
     * Returns the administrator authorities.
     *
     * @return the authorities, e.g. ROLE_ADMIN
     */
    public List<String> getAdminRoles() {
        return adminRoles;
    }

    /**
     * Sets the administrator authorities.
     *
     * @param adminRoles the authorities
     */
    public void setAdminRoles(List<String> adminRoles) {
        this.adminRoles = adminRoles;
    }

    /**
     * Returns the configured chain id.
     *
     * @return the chain id, or null for the default
     */
    public String getChainId() {
        return chainId;
    }

    /**
     * Sets the chain id.
     *
     * @param chainId the chain id
     */
    public void setChainId(String chainId) {
        this.chainId = chainId;
    }

    /**
     * Returns the configured system name.
     *
     * @return the system name, or null for the default
     */
    public String getSystem() {
        return system;
    }

    /**
     * Sets the system name.
     *
     * @param system the system name
     */
    public void setSystem(String system) {
        this.system = system;
    }

    /**
     * Returns the durability.
     *
     * @return the durability
     */
    public Durability getDurability() {
        return durability;
    }

    /**
     * Sets the durability.
     *
     * @param durability the durability
     */
    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    /**
     * Returns the web settings.
     *
     * @return the web settings
     */
    public Web getWeb() {
        return web;
    }

    /**
     * Returns the actuator settings.
     *
     * @return the actuator settings
     */
    public Actuator getActuator() {
        return actuator;
    }

    /** The file store. */
    public static class File {

        /**
         * The store directory (one sub-directory per chain, created 0700). Setting it turns the
         * audit trail on.
         */
        private Path directory;

        /**
         * Returns the store directory.
         *
         * @return the directory, or null
         */
        public Path getDirectory() {
            return directory;
        }

        /**
         * Sets the store directory.
         *
         * @param directory the directory
         */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    /** Web settings. */
    public static class Web {

        /**
         * Proxies (CIDRs such as 10.0.0.0/8 or fd00::/8, or single addresses) whose
         * X-Forwarded-For header is believed. Empty (the default): the socket peer is the client
         * and the header is ignored.
         */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * Returns the trusted proxies.
         *
         * @return the CIDRs
         */
        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        /**
         * Sets the trusted proxies.
         *
         * @param trustedProxies the CIDRs
         */
        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }
    }

    /** Actuator settings. */
    public static class Actuator {

        /**
         * The authority a caller of the govaudit actuator endpoint must hold, exactly as granted
         * (e.g. ROLE_AUDITOR, or an authority without the ROLE_ prefix). Everyone else gets 403.
         */
        private String auditorRole = "ROLE_AUDITOR";

        /**
         * Returns the auditor authority.
         *
         * @return the authority
         */
        public String getAuditorRole() {
            return auditorRole;
        }

        /**
         * Sets the auditor authority.
         *
         * @param auditorRole the authority
         */
        public void setAuditorRole(String auditorRole) {
            this.auditorRole = auditorRole;
        }
    }
}
