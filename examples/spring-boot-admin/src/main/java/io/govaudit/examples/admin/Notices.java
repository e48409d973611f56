package io.govaudit.examples.admin;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The one-line message a page shows after a post redirected to it ({@code notice} or
 * {@code error}), resolved in the user's language before the redirect. Shown with
 * {@code th:text}, so a user name in it is escaped.
 */
@Component
class Notices {

    private final MessageSource messages;

    Notices(MessageSource messages) {
        this.messages = messages;
    }

    void notice(RedirectAttributes redirect, String code, Object... args) {
        redirect.addFlashAttribute("notice", messages.getMessage(code, args, LocaleContextHolder.getLocale()));
    }

    void error(RedirectAttributes redirect, String code, Object... args) {
        redirect.addFlashAttribute("error", messages.getMessage(code, args, LocaleContextHolder.getLocale()));
    }

    void error(RedirectAttributes redirect, MessageSourceResolvable problem) {
        redirect.addFlashAttribute("error", messages.getMessage(problem, LocaleContextHolder.getLocale()));
    }
}
