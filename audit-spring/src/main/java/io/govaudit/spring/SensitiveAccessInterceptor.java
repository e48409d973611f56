package io.govaudit.spring;

import io.govaudit.AuditEvent;
import io.govaudit.AuditRecordRejectedException;
import io.govaudit.Location;
import io.govaudit.Subject;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Records {@code SENSITIVE_ACCESS} around methods annotated {@link SensitiveAccess}, and the
 * pointcut that finds them.
 *
 * <p>Checking: the pointcut is asked about every method of every bean when the auto-proxy
 * creator decides whether to proxy it, at startup; for an annotated method it parses the id
 * expression then and checks every {@code #variable} against the method's parameter names,
 * {@code p0}/{@code a0} and {@code result}, so a bad expression stops the startup rather than
 * recording nothing.
 *
 * <p>Failure: after a successful call an id that cannot be evaluated throws
 * {@link SensitiveAccessExpressionException} and the result is not returned (an access that
 * cannot be recorded is not let through); a trail that cannot record does the same. After a
 * failed call the record gets id {@value #UNKNOWN_ID} if the id needs the missing result or
 * cannot be evaluated, and the method's own exception propagates, with a recording failure added
 * as suppressed.
 *
 * <p>Thread-safe: the parsed expressions are cached in a concurrent map.
 */
final class SensitiveAccessInterceptor implements MethodInterceptor {

    /** The subject id when the id expression gives null or cannot be evaluated after a failure. */
    static final String UNKNOWN_ID = "unknown";

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final Supplier<AuditContext> context;
    private final Map<Method, Target> targets = new ConcurrentHashMap<>();
    private final Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return target(method, targetClass) != null;
        }
    };

    SensitiveAccessInterceptor(Supplier<AuditContext> context) {
        this.context = context;
    }

    /** The pointcut matching the annotated methods, checking each one's expression. */
    Pointcut pointcut() {
        return pointcut;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Class<?> targetClass = invocation.getThis() != null
                ? AopProxyUtils.ultimateTargetClass(invocation.getThis()) : invocation.getMethod().getDeclaringClass();
        Target target = target(invocation.getMethod(), targetClass);
        if (target == null) {
            return invocation.proceed();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            recordFailure(target, invocation.getArguments(), failure);
            throw failure;
        }
        String id = target.evaluate(invocation.getArguments(), result, true);
        context.get().record(event(target, id));
        return result;
    }

    private void recordFailure(Target target, Object[] arguments, Throwable failure) {
        try {
            String id = target.usesResult ? UNKNOWN_ID : target.evaluate(arguments, null, false);
            String name = failure.getClass().getSimpleName();
            context.get().record(event(target, id).failure(name.isEmpty() ? failure.getClass().getName() : name));
        } catch (RuntimeException notRecorded) {
            failure.addSuppressed(notRecorded);
        }
    }

    private AuditEvent.Builder event(Target target, String id) {
        AuditContext audit = context.get();
        Location where = audit.currentLocation();
        if (where.op() == null) {
            where = where.withOp(target.op);
        }
        SensitiveAccess annotation = target.annotation;
        return AuditEvent.sensitiveAccess(audit.currentActor(), annotation.kind(), id,
                List.of(annotation.fields()), annotation.purpose().isEmpty() ? null : annotation.purpose())
                .where(where);
    }

    /** The checked target of an annotated method, null for a method without the annotation. */
    private Target target(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        Target cached = targets.get(specific);
        if (cached != null) {
            return cached;
        }
        SensitiveAccess annotation = AnnotatedElementUtils.findMergedAnnotation(specific, SensitiveAccess.class);
        if (annotation == null && specific != method) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, SensitiveAccess.class);
        }
        if (annotation == null) {
            return null;
        }
        Target target = Target.check(specific, annotation);
        targets.putIfAbsent(specific, target);
        return target;
    }

    /** An annotated method with its parsed and checked id expression. Immutable. */
    private static final class Target {
        final Method method;
        final SensitiveAccess annotation;
        final Expression id;
        final boolean usesResult;
        final String op;

        private Target(Method method, SensitiveAccess annotation, Expression id, boolean usesResult) {
            this.method = method;
            this.annotation = annotation;
            this.id = id;
            this.usesResult = usesResult;
            this.op = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }

        static Target check(Method method, SensitiveAccess annotation) {
            String name = describe(method);
            String text = annotation.id();
            try {
                Subject.of(annotation.kind(), "x");
            } catch (AuditRecordRejectedException e) {
                throw new SensitiveAccessExpressionException(name, text, "cannot be recorded: kind \""
                        + annotation.kind() + "\" must be upper snake case, e.g. CITIZEN", e);
            }
            if (text.isBlank()) {
                throw new SensitiveAccessExpressionException(name, text, "is blank; name the record, e.g. \"#id\"", null);
            }
            Expression expression;
            try {
                expression = PARSER.parseExpression(text);
            } catch (ParseException e) {
                throw new SensitiveAccessExpressionException(name, text, "does not parse: " + e.getMessage(), e);
            }
            Set<String> variables = new HashSet<>();
            if (expression instanceof SpelExpression spel) {
                collect(spel.getAST(), variables, name, text);
            }
            boolean usesResult = variables.remove("result");
            if (usesResult && (method.getReturnType() == void.class || method.getReturnType() == Void.class)) {
                throw new SensitiveAccessExpressionException(name, text,
                        "uses #result but the method returns nothing; use a parameter such as #p0", null);
            }
            variables.removeAll(known(method));
            if (!variables.isEmpty()) {
                String[] parameters = NAMES.getParameterNames(method);
                throw new SensitiveAccessExpressionException(name, text, "refers to " + variables
                        + ", which the method does not have; available: "
                        + (parameters == null ? "#p0… (parameter names are not in the class file: compile with "
                                + "-parameters to use them)" : known(method)), null);
            }
            return new Target(method, annotation, expression, usesResult);
        }

        /** The variable names an expression may use besides #result. */
        private static Set<String> known(Method method) {
            Set<String> known = new HashSet<>(List.of("root", "this"));
            String[] parameters = NAMES.getParameterNames(method);
            for (int i = 0; i < method.getParameterCount(); i++) {
                known.add("p" + i);
                known.add("a" + i);
                if (parameters != null) {
                    known.add(parameters[i]);
                }
            }
            return known;
        }

        private static void collect(SpelNode node, Set<String> variables, String method, String text) {
            if (node instanceof FunctionReference) {
                throw new SensitiveAccessExpressionException(method, text,
                        "calls a function (" + node.toStringAST() + "); none is registered", null);
            }
            if (node instanceof VariableReference) {
                variables.add(node.toStringAST().substring(1));
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                collect(node.getChild(i), variables, method, text);
            }
        }

        /** Evaluates the id; after a failure an evaluation error gives {@value #UNKNOWN_ID}. */
        String evaluate(Object[] arguments, Object result, boolean succeeded) {
            MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, arguments, NAMES);
            if (succeeded) {
                context.setVariable("result", result);
            }
            Object value;
            try {
                value = id.getValue(context);
            } catch (RuntimeException e) {
                // SpEL rethrows a RuntimeException thrown by a method it calls unwrapped, so not
                // only EvaluationException
                if (!succeeded) {
                    return UNKNOWN_ID;
                }
                throw new SensitiveAccessExpressionException(describe(method), annotation.id(),
                        "failed after the call, so the access could not be recorded and the result is withheld: "
                                + e.getClass().getSimpleName()
                                + " (use ?. for values that may be null)", e);
            }
            return text(value);
        }

        private static String text(Object value) {
            if (value == null) {
                return UNKNOWN_ID;
            }
            List<Object> items = new ArrayList<>();
            if (value instanceof Collection<?> collection) {
                items.addAll(collection);
            } else if (value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    items.add(Array.get(value, i));
                }
            } else {
                String text = String.valueOf(value);
                return text.isBlank() ? UNKNOWN_ID : text;
            }
            StringJoiner joined = new StringJoiner(",");
            items.forEach(item -> joined.add(String.valueOf(item)));
            return joined.length() == 0 ? UNKNOWN_ID : joined.toString();
        }

        private static String describe(Method method) {
            StringJoiner parameters = new StringJoiner(", ", "(", ")");
            for (Class<?> type : method.getParameterTypes()) {
                parameters.add(type.getSimpleName());
            }
            return method.getDeclaringClass().getSimpleName() + "." + method.getName() + parameters;
        }
    }
}
