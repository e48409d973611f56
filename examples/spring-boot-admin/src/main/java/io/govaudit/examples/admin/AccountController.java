package io.govaudit.examples.admin;

import jakarta.validation.Valid;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /account/password}: a logged-in user changes their own password, after giving the
 * current one; recorded as {@code PASSWORD_CHANGE} by the wrapped user manager. No password is
 * sent back to the form.
 */
@Controller
class AccountController {

    private static final String FORM = "ownPassword";

    private final UserAccounts accounts;
    private final PasswordPolicy policy;
    private final Notices notices;

    AccountController(UserAccounts accounts, PasswordPolicy policy, Notices notices) {
        this.accounts = accounts;
        this.policy = policy;
        this.notices = notices;
    }

    @GetMapping("/account/password")
    String show(Model model) {
        if (!model.containsAttribute(FORM)) {
            model.addAttribute(FORM, new Forms.OwnPassword());
        }
        return "account-password";
    }

    @PostMapping("/account/password")
    String change(@Valid @ModelAttribute(FORM) Forms.OwnPassword form, BindingResult errors, Principal me,
            RedirectAttributes redirect) {
        if (!errors.hasFieldErrors("currentPassword") && !accounts.matches(me.getName(), form.getCurrentPassword())) {
            errors.rejectValue("currentPassword", "account.currentWrong");
        }
        policy.check(form.getNewPassword(), "newPassword", errors);
        if (!errors.hasFieldErrors("confirmPassword") && !form.getConfirmPassword().equals(form.getNewPassword())) {
            errors.rejectValue("confirmPassword", "account.confirmDiffers");
        }
        if (errors.hasErrors()) {
            return Forms.redirectWithErrors(redirect, FORM, new Forms.OwnPassword(), errors, "/account/password");
        }
        accounts.changeOwnPassword(form.getCurrentPassword(), form.getNewPassword());
        notices.notice(redirect, "account.changed");
        return "redirect:/account/password";
    }
}
