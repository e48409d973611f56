package io.govaudit.spring;

import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Wraps every {@link UserDetailsManager} bean so that its user management calls are recorded
 * ({@link UserDetailsAuditInterceptor}). The wrapper is a class-based proxy, so it is still an
 * instance of the bean's class and of every interface the bean implements
 * ({@code UserDetailsPasswordService}, {@code GroupManager} …) and can be injected as before; a
 * bean of a {@code final} class gets an interface-based proxy, which implements all its
 * interfaces but is no longer an instance of the class. A bean that is already a Spring proxy
 * gets the interceptor added to it instead.
 *
 * <p>Thread-safe once configured.
 */
final class UserDetailsAuditPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    private static final long serialVersionUID = 1L;

    UserDetailsAuditPostProcessor(Supplier<AuditContext> context) {
        Pointcut managers = new Pointcut() {
            @Override
            public ClassFilter getClassFilter() {
                return UserDetailsManager.class::isAssignableFrom;
            }

            @Override
            public MethodMatcher getMethodMatcher() {
                return MethodMatcher.TRUE;
            }
        };
        this.advisor = new DefaultPointcutAdvisor(managers, new UserDetailsAuditInterceptor(context));
        setProxyTargetClass(true);
        setBeforeExistingAdvisors(true);
    }

    @Override
    protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
        ProxyFactory factory = super.prepareProxyFactory(bean, beanName);
        if (Modifier.isFinal(bean.getClass().getModifiers())) {
            // CGLIB cannot subclass a final class: fall back to the bean's interfaces
            factory.setProxyTargetClass(false);
        }
        return factory;
    }
}
