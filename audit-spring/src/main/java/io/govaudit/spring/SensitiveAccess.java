package io.govaudit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records {@code SENSITIVE_ACCESS} each time the annotated bean method is called: who (the
 * current user, {@link AuditContext#currentActor()}), which record ({@link #kind()} and the
 * evaluated {@link #id()}), which fields were shown and why. Recorded after the call, with its
 * outcome: {@code SUCCESS} when the method returns, {@code FAILURE} with the exception's class name
 * (never its message, which may hold personal data) when it throws; the exception propagates
 * unchanged.
 *
 * <pre>{@code
 * @SensitiveAccess(kind = "CITIZEN", id = "#id", fields = {"name", "address"}, purpose = "permit review")
 * public Citizen find(String id) { … }
 *
 * @SensitiveAccess(kind = "CITIZEN", id = "#result.id", fields = "name")
 * public Citizen findByPhone(String phone) { … }
 * }</pre>
 *
 * <p>{@link #id()} is a Spring Expression Language expression over the method's parameters by
 * name ({@code #id}, {@code #request.citizenId}; compiled with {@code -parameters}) or position
 * ({@code #p0}, {@code #a0}), and {@code #result}, the returned value. Expressions are checked
 * when the bean is proxied, at startup: one that does not parse, names a variable that is not a
 * parameter, or uses {@code #result} in a {@code void} method stops the startup with a
 * {@link SensitiveAccessExpressionException} naming the method and the expression.
 *
 * <p>Spring AOP proxies apply: the method must be public on a Spring bean and called from another
 * bean (a call from within the same object is not intercepted). Works with or without AspectJ on
 * the class path.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SensitiveAccess {

    /**
     * The kind of record, written as {@code subject.kind}: upper snake case, e.g. {@code CITIZEN}.
     *
     * @return the kind
     */
    String kind();

    /**
     * The record's id, written as {@code subject.id}: a SpEL expression such as {@code #id} or
     * {@code #result.id}. Its value is written with {@code String.valueOf}, a collection or array
     * as its elements joined with {@code ,}; a null value as {@code unknown}.
     *
     * @return the expression
     */
    String id();

    /**
     * The fields shown or exported, written as detail {@code fields}.
     *
     * @return the field names, possibly empty
     */
    String[] fields() default {};

    /**
     * Why the data is accessed, written as detail {@code purpose}; empty for none.
     *
     * @return the purpose
     */
    String purpose() default "";
}
