package io.govaudit.examples.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /citizens}: the list (names and districts, with a search box) and one citizen's page,
 * whose data comes from {@link CitizenRegister#find}, recorded as {@code SENSITIVE_ACCESS}.
 */
@Controller
class CitizensController {

    private final CitizenRegister register;

    CitizensController(CitizenRegister register) {
        this.register = register;
    }

    @GetMapping("/citizens")
    String list(@RequestParam(name = "q", required = false) String query, Model model) {
        model.addAttribute("q", query == null ? "" : query);
        model.addAttribute("citizens", register.search(query));
        return "citizens";
    }

    @GetMapping("/citizens/{id}")
    String show(@PathVariable String id, Model model) {
        model.addAttribute("citizen", register.find(id));
        return "citizen";
    }
}
