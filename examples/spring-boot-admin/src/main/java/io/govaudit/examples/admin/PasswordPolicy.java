package io.govaudit.examples.admin;

import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/**
 * The password policy of the settings page: at least the minimum length, and letters and digits.
 * Problems are reported on the form field, with the message codes of {@code messages.properties}.
 */
@Component
class PasswordPolicy {

    private final SettingsStore settings;

    PasswordPolicy(SettingsStore settings) {
        this.settings = settings;
    }

    void check(String password, String field, Errors errors) {
        if (password == null || password.isEmpty() || errors.hasFieldErrors(field)) {
            return;
        }
        int min = settings.current().passwordMinLength();
        if (password.length() < min) {
            errors.rejectValue(field, "password.tooShort", new Object[] {min}, null);
        } else if (password.chars().noneMatch(Character::isLetter) || password.chars().noneMatch(Character::isDigit)) {
            errors.rejectValue(field, "password.weak");
        }
    }
}
