package io.govaudit.examples.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page, the home page and the page of a refused request (403). */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    /** Spring Security forwards a refused request here, with status 403 already set. */
    @GetMapping("/denied")
    String denied() {
        return "denied";
    }
}
