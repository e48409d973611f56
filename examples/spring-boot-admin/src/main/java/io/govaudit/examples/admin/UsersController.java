package io.govaudit.examples.admin;

import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /users}: the administrators' user management. Every change goes through
 * {@link UserAccounts} and so through the wrapped user manager, which records it; every request
 * an administrator makes, this page's GET included, is recorded by audit-spring as well. Each
 * post answers with a redirect to {@code /users} and a message (or the form's errors).
 */
@Controller
class UsersController {

    private static final String PAGE = "redirect:/users";

    private final UserAccounts accounts;
    private final PasswordPolicy policy;
    private final Notices notices;

    UsersController(UserAccounts accounts, PasswordPolicy policy, Notices notices) {
        this.accounts = accounts;
        this.policy = policy;
        this.notices = notices;
    }

    @GetMapping("/users")
    String list(Model model) {
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("allRoles", Roles.ALL);
        if (!model.containsAttribute("newUser")) {
            model.addAttribute("newUser", new Forms.NewUser());
        }
        return "users";
    }

    @PostMapping("/users")
    String create(@Valid @ModelAttribute("newUser") Forms.NewUser form, BindingResult errors,
            RedirectAttributes redirect) {
        checkRoles(form.getRoles(), errors);
        policy.check(form.getPassword(), "password", errors);
        if (!errors.hasFieldErrors("username") && accounts.exists(form.getUsername())) {
            errors.rejectValue("username", "user.username.taken");
        }
        if (errors.hasErrors()) {
            form.setPassword(null);
            return Forms.redirectWithErrors(redirect, "newUser", form, errors, "/users");
        }
        accounts.create(form.getUsername(), form.getPassword(), form.getRoles());
        return done(redirect, "users.created", form.getUsername());
    }

    @PostMapping("/users/{username}/delete")
    String delete(@PathVariable String username, Principal me, RedirectAttributes redirect) {
        if (refuseSelf(username, me, redirect)) {
            return PAGE;
        }
        accounts.delete(existing(username));
        return done(redirect, "users.deleted", username);
    }

    @PostMapping("/users/{username}/lock")
    String lock(@PathVariable String username, Principal me, RedirectAttributes redirect) {
        if (refuseSelf(username, me, redirect)) {
            return PAGE;
        }
        accounts.lock(existing(username));
        return done(redirect, "users.locked.done", username);
    }

    @PostMapping("/users/{username}/unlock")
    String unlock(@PathVariable String username, RedirectAttributes redirect) {
        accounts.unlock(existing(username));
        return done(redirect, "users.unlocked", username);
    }

    @PostMapping("/users/{username}/password")
    String resetPassword(@PathVariable String username, @Valid @ModelAttribute("reset") Forms.PasswordReset form,
            BindingResult errors, RedirectAttributes redirect) {
        existing(username);
        policy.check(form.getPassword(), "password", errors);
        if (errors.hasErrors()) {
            notices.error(redirect, errors.getFieldError());
            return PAGE;
        }
        accounts.resetPassword(username, form.getPassword());
        return done(redirect, "users.passwordReset", username);
    }

    @PostMapping("/users/{username}/roles")
    String changeRoles(@PathVariable String username, @RequestParam(name = "roles", required = false) List<String> roles,
            Principal me, RedirectAttributes redirect) {
        existing(username);
        if (refuseSelf(username, me, redirect)) {
            return PAGE;
        }
        List<String> chosen = roles == null ? List.of() : roles;
        String problem = chosen.isEmpty() ? "user.roles.empty"
                : Roles.ALL.containsAll(chosen) ? null : "user.roles.unknown";
        if (problem != null) {
            notices.error(redirect, problem, username);
            return PAGE;
        }
        accounts.changeRoles(username, chosen);
        return done(redirect, "users.rolesChanged", username);
    }

    private static void checkRoles(List<String> roles, BindingResult errors) {
        if (roles != null && !Roles.ALL.containsAll(roles)) {
            errors.rejectValue("roles", "user.roles.unknown");
        }
    }

    private String existing(String username) {
        if (!accounts.exists(username)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return username;
    }

    private boolean refuseSelf(String username, Principal me, RedirectAttributes redirect) {
        if (!username.equals(me.getName())) {
            return false;
        }
        notices.error(redirect, "users.notYourself", username);
        return true;
    }

    private String done(RedirectAttributes redirect, String messageCode, String username) {
        notices.notice(redirect, messageCode, username);
        return PAGE;
    }
}
