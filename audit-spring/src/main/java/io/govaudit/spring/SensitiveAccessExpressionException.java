package io.govaudit.spring;

import io.govaudit.AuditException;

/**
 * A {@link SensitiveAccess} annotation cannot be honoured: its id expression does not parse,
 * refers to what the method does not have, or failed when evaluated after a successful call (then
 * the method's result is withheld, since the access could not be recorded). Names the method and
 * the expression.
 *
 * @since 0.1.0
 */
public final class SensitiveAccessExpressionException extends AuditException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String expression;

    /**
     * Creates the exception.
     *
     * @param method     the annotated method, e.g. {@code CitizenService.find(String)}
     * @param expression the id expression
     * @param problem    what is wrong and what to do
     * @param cause      the parser's or evaluator's exception, or null
     */
    public SensitiveAccessExpressionException(String method, String expression, String problem, Throwable cause) {
        super("@SensitiveAccess on " + method + ": id expression \"" + expression + "\" " + problem, cause);
        this.method = method;
        this.expression = expression;
    }

    /**
     * Returns the annotated method.
     *
     * @return the method, as {@code SimpleClassName.name(ParameterTypes)}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the id expression.
     *
     * @return the expression as written in the annotation
     */
    public String expression() {
        return expression;
    }
}
