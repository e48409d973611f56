package io.govaudit.spring;

import io.govaudit.AuditTrail;

/**
 * Adjusts the {@link AuditTrail.Builder} of the auto-configured trail after the
 * {@code govaudit.*} properties, the application's alert listeners and anchor sinks were applied,
 * and before the trail is built: for settings that are no properties, such as a {@code Clock}, a
 * {@code ThreadFactory} or an alert listener that replaces the logging one. Every bean of this
 * type is applied, in {@link org.springframework.core.annotation.Order @Order}; the builder then
 * validates the result as a whole, as it does for code that builds a trail itself.
 *
 * <pre>{@code
 * @Bean
 * AuditTrailBuilderCustomizer auditThreads(ThreadFactory virtualThreads) {
 *     return builder -> builder.threadFactory(virtualThreads);
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the trail bean; implementations need not be
 * thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditTrailBuilderCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(AuditTrail.Builder builder);
}
