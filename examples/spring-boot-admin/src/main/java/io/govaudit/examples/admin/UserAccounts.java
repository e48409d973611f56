package io.govaudit.examples.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.stereotype.Service;

/**
 * User management over the {@link InMemoryUserDetailsManager} bean, which audit-spring has
 * wrapped: every create, delete, lock, unlock, reset, role change and password change made here
 * is recorded by it ({@code USER_CREATE} …), never with a password. This class keeps only the
 * list of user names, which the manager cannot list. Thread-safe: the manager is, and the name
 * set is concurrent.
 */
@Service
class UserAccounts {

    /** One row of the user list. */
    record Account(String username, List<String> roles, boolean locked) {
    }

    private final InMemoryUserDetailsManager users;
    private final PasswordEncoder encoder;
    private final Set<String> names = new ConcurrentSkipListSet<>(List.of("admin", "auditor", "clerk"));

    UserAccounts(InMemoryUserDetailsManager users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    List<Account> list() {
        List<Account> accounts = new ArrayList<>();
        for (String name : names) {
            if (users.userExists(name)) {
                UserDetails user = users.loadUserByUsername(name);
                accounts.add(new Account(name, roles(user.getAuthorities()), !user.isAccountNonLocked()));
            }
        }
        return accounts;
    }

    boolean exists(String username) {
        return users.userExists(username);
    }

    void create(String username, String password, Collection<String> roles) {
        users.createUser(User.withUsername(username).password(encoder.encode(password))
                .authorities(roles.toArray(String[]::new)).build());
        names.add(username);
    }

    void delete(String username) {
        users.deleteUser(username);
        names.remove(username);
    }

    void lock(String username) {
        users.updateUser(User.withUserDetails(load(username)).accountLocked(true).build());
    }

    /** Locks the account unless it is locked already; answers whether it locked it. */
    synchronized boolean lockIfUnlocked(String username) {
        if (!load(username).isAccountNonLocked()) {
            return false;
        }
        lock(username);
        return true;
    }

    void unlock(String username) {
        users.updateUser(User.withUserDetails(load(username)).accountLocked(false).build());
    }

    void resetPassword(String username, String password) {
        users.updateUser(User.withUserDetails(load(username)).password(encoder.encode(password)).build());
    }

    void changeRoles(String username, Collection<String> roles) {
        users.updateUser(User.withUserDetails(load(username)).authorities(roles.toArray(String[]::new)).build());
    }

    /** Whether {@code password} is the user's current password. */
    boolean matches(String username, String password) {
        return exists(username) && encoder.matches(password, load(username).getPassword());
    }

    /** The logged-in user changes their own password (the caller has checked the old one). */
    void changeOwnPassword(String oldPassword, String newPassword) {
        users.changePassword(oldPassword, encoder.encode(newPassword));
    }

    private UserDetails load(String username) {
        return users.loadUserByUsername(username);
    }

    private static List<String> roles(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }
}
