package io.govaudit.examples.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 15's journey in headless Chromium: the pages an administrator, a clerk and an auditor
 * use, a screenshot of each under {@code target/screenshots/}, then the chain read back: every
 * record the issue lists, with actor, subject, client address and outcome, no password anywhere
 * in the store, {@code TRAIL_STOP} at shutdown and a chain that verifies.
 *
 * <p>Uses the machine's Chromium and ChromeDriver ({@value #CHROMIUM}, {@value #CHROMEDRIVER}; no
 * driver download). Under {@code CI=true} a missing browser fails the test; elsewhere it is
 * skipped with a message on standard error.
 */
class AdminBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static final String PASSWORD = "Browser-" + UUID.randomUUID();
    static final String RESET_PASSWORD = "Reset-" + UUID.randomUUID();
    static final String OFFICER_PASSWORD = "Officer-" + UUID.randomUUID();
    static final String CLERK_NEW_PASSWORD = "Clerk-" + UUID.randomUUID();
    static final String SMTP_SECRET = "Smtp-" + UUID.randomUUID();
    static final Path STORE = AdminHttpTest.tempStore("admin-browser-");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ConfigurableApplicationContext context;
    int port;
    WebDriver browser;
    int shot;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present) {
            String message = "AdminBrowserTest needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true, so the browser test must run");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=zh-TW");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // started as java -jar does, so that the test can stop it and read TRAIL_STOP
        context = new SpringApplicationBuilder(AdminApplication.class).run("--server.port=0",
                "--govaudit.file.directory=" + STORE, "--" + DemoPassword.VARIABLE + "=" + PASSWORD);
        port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
        try (Stream<Path> old = Files.list(SCREENSHOTS)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void journey_everyActionRecorded_chainVerifies() throws IOException {
        administrator();
        clerk();
        auditor();

        context.close();   // TRAIL_STOP
        assertRecords();
        assertNoPasswordInTheStore();
        VerificationReport report = AuditVerifier.forDirectory(STORE).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
    }

    private void administrator() {
        open("/login");
        screenshot("login");
        login("admin", "not-the-password");
        assertThat(browser.getCurrentUrl()).endsWith("/login?error");
        assertThat(text()).contains("帳號或密碼錯誤");
        screenshot("login-failed");

        login("admin", PASSWORD);
        assertThat(text()).contains("歡迎，admin。");
        open("/users");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("帳號管理");
        screenshot("users");

        type("new-username", "officer");
        type("new-password", OFFICER_PASSWORD);
        click("new-role-ROLE_CLERK");
        submit("create-submit");
        assertThat(notice()).isEqualTo("已新增帳號 officer。");
        screenshot("user-created");

        submit("lock-clerk");
        assertThat(notice()).isEqualTo("已鎖定帳號 clerk。");
        assertThat(row("clerk")).contains("已鎖定");
        screenshot("user-locked");

        submit("unlock-clerk");
        assertThat(notice()).isEqualTo("已解除鎖定帳號 clerk。");
        assertThat(row("clerk")).contains("正常");
        screenshot("user-unlocked");

        click("roles-officer-ROLE_AUDITOR");
        submit("roles-submit-officer");
        assertThat(notice()).contains("officer").contains("下次登入");
        assertThat(row("officer")).contains("ROLE_AUDITOR").contains("ROLE_CLERK");
        screenshot("roles-changed");

        type("reset-password-officer", RESET_PASSWORD);
        submit("reset-officer");
        assertThat(notice()).contains("已重設帳號 officer 的密碼");
        screenshot("password-reset");

        submit("delete-officer");
        assertThat(notice()).isEqualTo("已刪除帳號 officer。");
        screenshot("user-deleted");

        open("/settings");
        screenshot("settings");
        WebElement timeout = browser.findElement(By.id("sessionTimeoutMinutes"));
        timeout.clear();
        timeout.sendKeys("20");
        type("smtpPassword", SMTP_SECRET);
        submit("settings-submit");
        assertThat(notice()).contains("共變更 2 項");
        assertThat(browser.getPageSource()).doesNotContain(SMTP_SECRET);
        screenshot("settings-saved");

        logout();
        assertThat(text()).contains("您已登出。");
        screenshot("logged-out");
    }

    private void clerk() {
        login("clerk", PASSWORD);
        open("/citizens");
        screenshot("citizens");
        browser.findElement(By.cssSelector("a[href='/citizens/C0003']")).click();
        waitFor(url -> url.endsWith("/citizens/C0003"));
        assertThat(text()).contains("黃淑芬").contains("C0");
        screenshot("citizen");

        open("/users");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("拒絕存取");
        screenshot("users-denied");

        open("/account/password");
        type("currentPassword", PASSWORD);
        type("newPassword", CLERK_NEW_PASSWORD);
        type("confirmPassword", CLERK_NEW_PASSWORD);
        submit("account-submit");
        assertThat(notice()).isEqualTo("密碼已變更。");
        screenshot("password-changed");
        logout();
    }

    private void auditor() {
        login("auditor", PASSWORD);
        open("/audit");
        assertThat(text()).contains("稽核紀錄").contains("RUNNING");
        screenshot("audit");

        new Select(browser.findElement(By.id("type"))).selectByValue("USER_LOCK");
        type("actor", "admin");
        submit("filter-submit");
        List<WebElement> rows = browser.findElements(By.cssSelector("#records tbody tr"));
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.getText())
                .contains("USER_LOCK").contains("鎖定帳號").contains("admin").contains("clerk").contains("127.0.0.1")
                .contains("POST /users/{username}/lock"));
        assertThat(browser.findElement(By.id("export-link")).getDomProperty("href"))
                .contains("/audit/export?").contains("type=USER_LOCK").contains("actor=admin");
        screenshot("audit-user-lock", "records-heading");

        submit("verify-submit");
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("INTACT");
        screenshot("audit-verified", "integrity-heading");

        open("/audit?lang=en");
        assertThat(text()).contains("Audit trail").contains("Chain integrity");
        screenshot("audit-en");
        logout();
    }

    private void assertRecords() {
        expect("LOGIN_FAILURE", "admin", null, "FAILURE", "POST /login");
        expect("LOGIN", "admin", null, "SUCCESS", "POST /login");
        expect("LOGIN", "clerk", null, "SUCCESS", "POST /login");
        expect("LOGIN", "auditor", null, "SUCCESS", "POST /login");
        expect("ADMIN_ACTION", "admin", null, "SUCCESS", "GET /users");
        expect("ADMIN_ACTION", "admin", null, "SUCCESS", "GET /settings");
        expect("USER_CREATE", "admin", "officer", "SUCCESS", "POST /users");
        expect("USER_LOCK", "admin", "clerk", "SUCCESS", "POST /users/{username}/lock");
        expect("USER_UNLOCK", "admin", "clerk", "SUCCESS", "POST /users/{username}/unlock");
        JsonNode roles = expect("PERMISSION_CHANGE", "admin", "officer", "SUCCESS", "POST /users/{username}/roles");
        assertThat(roles.path("detail").toString()).contains("ROLE_AUDITOR").contains("ROLE_CLERK");
        expect("USER_PASSWORD_RESET", "admin", "officer", "SUCCESS", "POST /users/{username}/password");
        expect("USER_DELETE", "admin", "officer", "SUCCESS", "POST /users/{username}/delete");
        JsonNode timeout = expect("CONFIG_CHANGE", "admin", "session.timeout-minutes", "SUCCESS", "POST /settings");
        assertThat(timeout.path("detail").path("old").asText()).isEqualTo("30");
        assertThat(timeout.path("detail").path("new").asText()).isEqualTo("20");
        JsonNode smtp = expect("CONFIG_CHANGE", "admin", "smtp.password", "SUCCESS", "POST /settings");
        assertThat(smtp.path("detail").path("new").asText()).isEqualTo("<masked>");
        expect("LOGOUT", "admin", null, "SUCCESS", "POST /logout");
        JsonNode read = expect("SENSITIVE_ACCESS", "clerk", "C0003", "SUCCESS", "GET /citizens/{id}");
        assertThat(read.path("detail").path("fields").toString()).contains("nationalId");
        assertThat(read.path("detail").path("purpose").asText()).isEqualTo("case review");
        expect("ACCESS_DENIED", "clerk", null, "FAILURE", "GET /users");
        expect("PASSWORD_CHANGE", "clerk", null, "SUCCESS", "POST /account/password");
        expect("LOGOUT", "clerk", null, "SUCCESS", "POST /logout");
        JsonNode query = expect("AUDIT_LOG_READ", "auditor", null, "SUCCESS", "GET /audit",
                r -> r.path("detail").path("filter").asText().contains("USER_LOCK"));
        assertThat(query.path("detail").path("action").asText()).isEqualTo("query");
        expect("AUDIT_LOG_READ", "auditor", null, "SUCCESS", "POST /audit/verify",
                r -> r.path("detail").path("action").asText().equals("verify")
                        && r.path("detail").path("verdict").asText().equals("INTACT"));
        assertThat(StoreRecords.all(STORE)).last().satisfies(r -> assertThat(r.path("type").asText())
                .isEqualTo("TRAIL_STOP"));
    }

    private JsonNode expect(String type, String actor, String subject, String outcome, String op) {
        return expect(type, actor, subject, outcome, op, r -> true);
    }

    private JsonNode expect(String type, String actor, String subject, String outcome, String op,
            Predicate<JsonNode> also) {
        List<JsonNode> found = StoreRecords.of(STORE, type, r -> StoreRecords.actor(r).equals(actor)
                && (subject == null || StoreRecords.subject(r).equals(subject)) && StoreRecords.op(r).equals(op)
                && also.test(r));
        assertThat(found).as("%s by %s on %s (%s)", type, actor, subject, op).isNotEmpty();
        JsonNode record = found.get(0);
        assertThat(record.path("outcome").asText()).as(type).isEqualTo(outcome);
        assertThat(StoreRecords.ip(record)).as(type).isEqualTo("127.0.0.1");
        assertThat(record.path("where").path("system").asText()).as(type).isEqualTo("spring-boot-admin");
        return record;
    }

    private void assertNoPasswordInTheStore() throws IOException {
        try (Stream<Path> files = Files.walk(STORE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : List.of(PASSWORD, RESET_PASSWORD, OFFICER_PASSWORD, CLERK_NEW_PASSWORD,
                        SMTP_SECRET)) {
                    assertThat(content).as("%s must not hold a password", file).doesNotContain(secret);
                }
            }
        }
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private void login(String username, String password) {
        open("/login");
        type("username", username);
        type("password", password);
        submit("login-submit");
    }

    private void logout() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitFor(url -> url.contains("/login"));
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    /** Clicks a submit button and waits for the next page. */
    private void submit(String id) {
        WebElement button = browser.findElement(By.id(id));
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> isStale(button));
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            // chromedriver's word for the same thing while the old page is being replaced
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private void waitFor(Predicate<String> url) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> url.test(d.getCurrentUrl()));
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private String notice() {
        return browser.findElement(By.cssSelector("p.notice")).getText();
    }

    private String row(String username) {
        return browser.findElement(By.id("user-" + username)).getText();
    }

    /** Scrolls the element to the top of the window, then takes the screenshot. */
    private void screenshot(String name, String scrollTo) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true);",
                browser.findElement(By.id(scrollTo)));
        screenshot(name);
    }

    private void screenshot(String name) {
        shot++;
        Path target = SCREENSHOTS.resolve(String.format("%02d-%s.png", shot, name));
        try {
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
