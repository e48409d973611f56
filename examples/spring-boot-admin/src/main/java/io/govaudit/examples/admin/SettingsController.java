package io.govaudit.examples.admin;

import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /settings}: session timeout, password policy, SMTP relay and its password. A change is
 * recorded per key by {@link SettingsStore}; the SMTP password is never sent back to the browser
 * (the page only says whether one is set) and is masked in the record.
 */
@Controller
class SettingsController {

    private final SettingsStore settings;
    private final Notices notices;

    SettingsController(SettingsStore settings, Notices notices) {
        this.settings = settings;
        this.notices = notices;
    }

    @GetMapping("/settings")
    String show(Model model) {
        if (!model.containsAttribute("settingsForm")) {
            model.addAttribute("settingsForm", Forms.SettingsForm.of(settings.current()));
        }
        model.addAttribute("smtpPasswordSet", !settings.current().smtpPassword().isEmpty());
        return "settings";
    }

    @PostMapping("/settings")
    String save(@Valid @ModelAttribute("settingsForm") Forms.SettingsForm form, BindingResult errors,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            form.setSmtpPassword(null);
            return Forms.redirectWithErrors(redirect, "settingsForm", form, errors, "/settings");
        }
        int changed = settings.update(form.apply(settings.current()));
        notices.notice(redirect, "settings.saved", changed);
        return "redirect:/settings";
    }
}
