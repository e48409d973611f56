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
     * User management recording: the application's UserDetailsManager beans.
     */
    private final UserDetails userDetails = new UserDetails();

    /**
     * Returns the user management recording settings.
     *
     * @return the settings
     */
    public UserDetails getUserDetails() {
        return userDetails;
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

    /** User management recording. */
    public static class UserDetails {

        /**
         * Whether the application's UserDetailsManager beans are wrapped so that user creation and
         * deletion, password changes and resets, locks, unlocks and role changes are recorded.
         */
        private boolean audit = true;

        /**
         * Tells whether user management is recorded.
         *
         * @return true (the default) to record
         */
        public boolean isAudit() {
            return audit;
        }

        /**
         * Sets whether user management is recorded.
         *
         * @param audit false to leave the UserDetailsManager beans unwrapped
         */
        public void setAudit(boolean audit) {
            this.audit = audit;
        }
    }
}
