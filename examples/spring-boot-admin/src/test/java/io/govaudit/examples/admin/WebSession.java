package io.govaudit.examples.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser-like HTTP session against the running application: its own cookies, no redirects
 * followed (the tests look at them), and the CSRF token read from the last page's forms.
 */
final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private String csrf;

    WebSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    /** Posts a form with the CSRF token of the last page read; pairs are name, value, name, value… */
    HttpResponse<String> post(String path, String... pairs) {
        List<String> form = new ArrayList<>(List.of(pairs));
        if (csrf != null) {
            form.add("_csrf");
            form.add(csrf);
        }
        return postRaw(path, form.toArray(String[]::new));
    }

    /** Posts a form as given, without adding a CSRF token. */
    HttpResponse<String> postRaw(String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** Logs in through the form; answers the redirect's target. */
    String login(String username, String password) {
        get("/login");
        HttpResponse<String> response = post("/login", "username", username, "password", password);
        return response.headers().firstValue("Location").orElse("");
    }

    /** Follows a redirect answer with a GET. */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return get(location.startsWith("http") ? URI.create(location).getRawPath() : location);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
