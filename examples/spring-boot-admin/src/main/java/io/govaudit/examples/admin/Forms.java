package io.govaudit.examples.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The forms of the pages, with their Bean Validation rules, and the redirect-after-post helper. */
final class Forms {

    private Forms() {
    }

    /** {@code POST /users}. */
    static final class NewUser {
        @NotBlank(message = "{user.username.blank}")
        @Pattern(regexp = "^$|^[a-z][a-z0-9._-]{2,31}$", message = "{user.username.pattern}")
        private String username;
        @NotBlank(message = "{password.blank}")
        private String password;
        @NotEmpty(message = "{user.roles.empty}")
        private List<String> roles = new ArrayList<>();

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /** {@code POST /users/{username}/password}. */
    static final class PasswordReset {
        @NotBlank(message = "{password.blank}")
        private String password;

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** {@code POST /account/password}. */
    static final class OwnPassword {
        @NotBlank(message = "{password.blank}")
        private String currentPassword;
        @NotBlank(message = "{password.blank}")
        private String newPassword;
        @NotBlank(message = "{password.blank}")
        private String confirmPassword;

        public String getCurrentPassword() {
            return currentPassword;
        }

        public void setCurrentPassword(String currentPassword) {
            this.currentPassword = currentPassword;
        }

        public String getNewPassword() {
            return newPassword;
        }

        public void setNewPassword(String newPassword) {
            this.newPassword = newPassword;
        }

        public String getConfirmPassword() {
            return confirmPassword;
        }

        public void setConfirmPassword(String confirmPassword) {
            this.confirmPassword = confirmPassword;
        }
    }

    /** {@code POST /settings}; a blank SMTP password keeps the current one. */
    static final class SettingsForm {
        @NotNull(message = "{settings.number}")
        @Min(value = 5, message = "{settings.sessionTimeout.range}")
        @Max(value = 480, message = "{settings.sessionTimeout.range}")
        private Integer sessionTimeoutMinutes;
        @NotNull(message = "{settings.number}")
        @Min(value = 8, message = "{settings.passwordMinLength.range}")
        @Max(value = 64, message = "{settings.passwordMinLength.range}")
        private Integer passwordMinLength;
        @NotBlank(message = "{settings.smtpRelay.blank}")
        @Pattern(regexp = "^$|^[A-Za-z0-9.-]+:[0-9]{1,5}$", message = "{settings.smtpRelay.pattern}")
        private String smtpRelay;
        @Size(max = 128, message = "{settings.smtpPassword.size}")
        private String smtpPassword;

        static SettingsForm of(SettingsStore.Settings settings) {
            SettingsForm form = new SettingsForm();
            form.sessionTimeoutMinutes = settings.sessionTimeoutMinutes();
            form.passwordMinLength = settings.passwordMinLength();
            form.smtpRelay = settings.smtpRelay();
            return form;
        }

        SettingsStore.Settings apply(SettingsStore.Settings current) {
            String password = smtpPassword == null || smtpPassword.isEmpty() ? current.smtpPassword() : smtpPassword;
            return new SettingsStore.Settings(sessionTimeoutMinutes, passwordMinLength, smtpRelay.strip(), password);
        }

        public Integer getSessionTimeoutMinutes() {
            return sessionTimeoutMinutes;
        }

        public void setSessionTimeoutMinutes(Integer sessionTimeoutMinutes) {
            this.sessionTimeoutMinutes = sessionTimeoutMinutes;
        }

        public Integer getPasswordMinLength() {
            return passwordMinLength;
        }

        public void setPasswordMinLength(Integer passwordMinLength) {
            this.passwordMinLength = passwordMinLength;
        }

        public String getSmtpRelay() {
            return smtpRelay;
        }

        public void setSmtpRelay(String smtpRelay) {
            this.smtpRelay = smtpRelay;
        }

        public String getSmtpPassword() {
            return smtpPassword;
        }

        public void setSmtpPassword(String smtpPassword) {
            this.smtpPassword = smtpPassword;
        }
    }

    /**
     * Redirect-after-post with the errors: the form (without what it must not carry back) and
     * its binding result go to the next GET as flash attributes.
     */
    static String redirectWithErrors(RedirectAttributes redirect, String name, Object form, Errors errors,
            String target) {
        redirect.addFlashAttribute(name, form);
        redirect.addFlashAttribute(BindingResult.MODEL_KEY_PREFIX + name, errors);
        return "redirect:" + target;
    }
}
