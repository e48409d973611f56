package io.govaudit.examples.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

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

    /**
     * Spring Security forwards a refused request here, with status 403 already set, whatever its
     * method (a post without a CSRF token arrives as a POST).
     */
    @RequestMapping("/denied")
    String denied() {
        return "denied";
    }
}
