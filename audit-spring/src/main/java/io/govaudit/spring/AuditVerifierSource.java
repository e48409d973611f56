package io.govaudit.spring;

import io.govaudit.verify.AuditVerifier;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the {@code govaudit} actuator endpoint's verify operation reads the trail's own chain: a
 * configured {@link AuditVerifier} and a description of the store for the response and the
 * {@code AUDIT_LOG_READ} record.
 *
 * <p>The auto-configuration defines one for the file store ({@code govaudit.file.directory});
 * define your own bean to verify another store (for example a database through
 * {@link AuditVerifier#forSource}) or to add keys ({@code hmacSeed}, {@code trustedKey}). Without
 * such a bean the endpoint says that it cannot verify this trail, never that the chain is intact.
 *
 * <pre>{@code
 * @Bean
 * AuditVerifierSource auditVerifierSource() {
 *     return AuditVerifierSource.of("/var/lib/app/audit", () -> AuditVerifier.forDirectory(dir)
 *             .hmacSeed(seed).expectChain("node-1"));
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the endpoint may verify for two auditors at once.
 *
 * @since 0.1.0
 */
public interface AuditVerifierSource {

    /**
     * Describes the store: a directory or a database name, never credentials.
     *
     * @return the description
     */
    String store();

    /**
     * Returns a new verifier for the trail's store, configured and not yet run.
     *
     * @return the verifier
     */
    AuditVerifier verifier();

    /**
     * A source from a description and a factory.
     *
     * @param store    the store's description, never credentials
     * @param verifier makes a new verifier for each verification
     * @return the source
     */
    static AuditVerifierSource of(String store, java.util.function.Supplier<AuditVerifier> verifier) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(verifier, "verifier");
        return new AuditVerifierSource() {
            @Override
            public String store() {
                return store;
            }

            @Override
            public AuditVerifier verifier() {
                return verifier.get();
            }

            @Override
            public String toString() {
                return "AuditVerifierSource[" + store + "]";
            }
        };
    }

    /**
     * A directory store's chain, as the file trail writes it (no keys).
     *
     * @param directory the store directory ({@code govaudit.file.directory})
     * @param chainId   the chain that must be there
     * @return the source
     */
    static AuditVerifierSource directory(Path directory, String chainId) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(chainId, "chainId");
        return of(directory.toString(), () -> AuditVerifier.forDirectory(directory).expectChain(chainId));
    }
}
