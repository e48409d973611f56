package io.govaudit.spring;

import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Records the user management calls made on a {@link UserDetailsManager}: {@code createUser}
 * ({@code USER_CREATE}), {@code deleteUser} ({@code USER_DELETE}), {@code changePassword}
 * ({@code PASSWORD_CHANGE}, the current user for themself) and {@code updateUser}, which is
 * compared with the stored user read before the call: a different password
 * ({@code USER_PASSWORD_RESET}), the lock flipped ({@code USER_LOCK}/{@code USER_UNLOCK}), other
 * authorities ({@code PERMISSION_CHANGE} with the old and new roles), enabled flipped
 * ({@code USER_DISABLE}/{@code USER_ENABLE}, application-defined types: the core has none), or
 * else {@code USER_UPDATE} naming the flags that changed. Every other method, including
 * {@code UserDetailsPasswordService.updatePassword} (the re-encoding Spring Security does at
 * login, not a change of password), passes through unrecorded.
 *
 * <p>Recorded after the call returns; a call that throws is recorded with outcome
 * {@code FAILURE} and the exception's class name, and the exception propagates. A password or
 * hash never reaches a record: passwords are only compared.
 *
 * <p>Thread-safe: stateless.
 */
final class UserDetailsAuditInterceptor implements MethodInterceptor {

    /** Application-defined: the account was disabled ({@code isEnabled} became false). */
    static final EventType USER_DISABLE = EventType.of("USER_DISABLE");
    /** Application-defined: the account was enabled again. */
    static final EventType USER_ENABLE = EventType.of("USER_ENABLE");
    /** Application-defined: updateUser changed nothing with its own event type. */
    static final EventType USER_UPDATE = EventType.of("USER_UPDATE");

    private final Supplier<AuditContext> context;

    UserDetailsAuditInterceptor(Supplier<AuditContext> context) {
        this.context = context;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (!(invocation.getThis() instanceof UserDetailsManager manager)) {
            return invocation.proceed();
        }
        Object[] args = invocation.getArguments();
        String method = invocation.getMethod().getName();
        List<AuditEvent.Builder> events = switch (method) {
            case "createUser" -> args.length == 1 && args[0] instanceof UserDetails user
                    ? List.of(created(user)) : List.of();
            case "deleteUser" -> args.length == 1 && args[0] instanceof String name
                    ? List.of(audit().event(EventType.USER_DELETE).subject(Subject.user(name))) : List.of();
            case "changePassword" -> args.length == 2
                    ? List.of(audit().event(EventType.PASSWORD_CHANGE)) : List.of();
            case "updateUser" -> args.length == 1 && args[0] instanceof UserDetails user
                    ? updated(manager, user) : List.of();
            default -> List.of();
        };
        if (events.isEmpty()) {
            return invocation.proceed();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            String name = failure.getClass().getSimpleName();
            try {
                for (AuditEvent.Builder event : events) {
                    audit().record(event.failure(name.isEmpty() ? failure.getClass().getName() : name));
                }
            } catch (RuntimeException notRecorded) {
                failure.addSuppressed(notRecorded);
            }
            throw failure;
        }
        for (AuditEvent.Builder event : events) {
            audit().record(event);
        }
        return result;
    }

    private AuditContext audit() {
        return context.get();
    }

    private AuditEvent.Builder created(UserDetails user) {
        return audit().event(EventType.USER_CREATE).subject(Subject.user(user.getUsername()))
                .detail("roles", roles(user)).detail("enabled", user.isEnabled())
                .detail("locked", !user.isAccountNonLocked());
    }

    /** The events an update will be recorded as, from the stored user before the call. */
    private List<AuditEvent.Builder> updated(UserDetailsManager manager, UserDetails user) {
        String name = user.getUsername();
        UserDetails before;
        try {
            before = manager.loadUserByUsername(name);
        } catch (UsernameNotFoundException e) {
            before = null;
        }
        AuditContext audit = audit();
        Subject subject = Subject.user(name);
        List<AuditEvent.Builder> events = new ArrayList<>();
        if (before == null) {
            events.add(audit.event(USER_UPDATE).subject(subject).detail("changed", List.of()));
            return events;
        }
        if (before.getPassword() != null && user.getPassword() != null
                && !before.getPassword().equals(user.getPassword())) {
            events.add(audit.event(EventType.USER_PASSWORD_RESET).subject(subject));
        }
        if (before.isAccountNonLocked() != user.isAccountNonLocked()) {
            events.add(audit.event(user.isAccountNonLocked() ? EventType.USER_UNLOCK : EventType.USER_LOCK)
                    .subject(subject));
        }
        if (before.isEnabled() != user.isEnabled()) {
            events.add(audit.event(user.isEnabled() ? USER_ENABLE : USER_DISABLE).subject(subject));
        }
        List<String> oldRoles = roles(before);
        List<String> newRoles = roles(user);
        if (!oldRoles.equals(newRoles)) {
            List<String> granted = new ArrayList<>(newRoles);
            granted.removeAll(oldRoles);
            List<String> revoked = new ArrayList<>(oldRoles);
            revoked.removeAll(newRoles);
            events.add(AuditEvent.permissionChange(audit.currentActor(), name, granted, revoked)
                    .where(audit.currentLocation()).detail("oldRoles", oldRoles).detail("newRoles", newRoles));
        }
        if (events.isEmpty()) {
            List<String> changed = new ArrayList<>();
            if (before.isAccountNonExpired() != user.isAccountNonExpired()) {
                changed.add("accountNonExpired");
            }
            if (before.isCredentialsNonExpired() != user.isCredentialsNonExpired()) {
                changed.add("credentialsNonExpired");
            }
            events.add(audit.event(USER_UPDATE).subject(subject).detail("changed", changed));
        }
        return events;
    }

    /** The authority names, sorted, without nulls. */
    static List<String> roles(UserDetails user) {
        TreeSet<String> names = new TreeSet<>();
        if (user.getAuthorities() != null) {
            for (GrantedAuthority authority : user.getAuthorities()) {
                if (authority != null && authority.getAuthority() != null) {
                    names.add(authority.getAuthority());
                }
            }
        }
        return List.copyOf(names);
    }
}
