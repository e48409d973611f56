package io.govaudit.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Posts each alert as JSON to a webhook (REQUIREMENTS.md B8): {@code POST <uri>} with
 * {@code Content-Type: application/json} and the body
 *
 * <pre>{@code
 * {"schema":"govaudit.alert/1","kind":"RECORDING_STOPPED","severity":"ERROR","chain":"node-1",
 *  "time":"2026-06-01T00:00:00Z","message":"chain 'node-1' ...","details":{"not_recorded":0}}
 * }</pre>
 *
 * <p>Any 2xx answer delivers the alert; any other answer, a timeout or a connection failure is a
 * failed attempt, retried by the {@link DeliveryPolicy} ({@link QueuedAlertListener} says how the
 * queue, retries and counters behave). Uses the JDK's {@link HttpClient} from the delivery thread,
 * never the trail's writer thread.
 *
 * <p>Transport: {@code https} is expected. Plain {@code http} is accepted for a loopback host
 * ({@code localhost}, {@code 127.*}, {@code [::1]}: a local relay or a test) and refused for any
 * other host unless {@link Builder#allowPlainHttp} says so, because the alert names chains and
 * failures and the headers may carry a token.
 *
 * <p>Secrets: header values (for example {@code Authorization}) are sent and never logged or
 * shown; {@link #name()} is the URI without user info, query or fragment. Prefer
 * {@link Builder#headerFromEnv} so the secret stays out of configuration files.
 *
 * <pre>{@code
 * WebhookAlertListener webhook = WebhookAlertListener.builder(URI.create("https://ops.example.gov.tw/hooks/audit"))
 *         .headerFromEnv("Authorization", "AUDIT_WEBHOOK_AUTHORIZATION")
 *         .timeout(Duration.ofSeconds(5))
 *         .build();
 * AuditTrail trail = AuditTrail.builder()
 *         ...
 *         .alertListener(AuditAlertListener.logging().and(webhook))
 *         .build();
 * // close the trail first, then the webhook
 * }</pre>
 *
 * <p>Thread-safety: as {@link QueuedAlertListener}.
 *
 * @since 0.1.0
 */
public final class WebhookAlertListener extends QueuedAlertListener {

    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            "connection", "expect", "upgrade");

    private final URI uri;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient client;

    private WebhookAlertListener(Builder builder, String name) {
        super(name, builder.policy, builder.threadFactory);
        this.uri = builder.uri;
        this.timeout = builder.timeout;
        this.headers = Map.copyOf(builder.headers);
        // HTTP/1.1: every webhook receiver speaks it, and the first request of a fresh JVM is about
        // twice as fast as with HTTP/2's upgrade attempt (measured: 270 ms against 550 ms). The
        // client is built here, not at the first alert: building it takes hundreds of ms cold.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Starts a builder for a webhook at {@code uri}.
     *
     * @param uri the {@code https} (or loopback {@code http}) address to post to
     * @return a builder with a 5 s timeout and {@link DeliveryPolicy#defaults()}
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    @Override
    protected void deliver(AuditAlert alert) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AlertJson.encode(alert)));
        headers.forEach(request::header);
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + name());
        }
    }

    /**
     * Returns the address alerts are posted to.
     *
     * @return the URI, as given (it may hold user info; do not log it)
     */
    public URI uri() {
        return uri;
    }

    /**
     * Builds a {@link WebhookAlertListener}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final URI uri;
        private Duration timeout = Duration.ofSeconds(5);
        private DeliveryPolicy policy = DeliveryPolicy.defaults();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean allowPlainHttp;
        private ThreadFactory threadFactory;
        private UnaryOperator<String> environment = System::getenv;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * Sets the connect and response timeout of one attempt; default 5 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the queue bound, attempts and backoff; default {@link DeliveryPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(DeliveryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a header sent with every post; its value is never logged.
         *
         * @param name  the header name, not one the HTTP client sets itself
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the HTTP client; choose another");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Adds a header whose value is read now from an environment variable, for example
         * {@code headerFromEnv("Authorization", "AUDIT_WEBHOOK_AUTHORIZATION")} with the variable
         * holding {@code Bearer <token>}.
         *
         * @param name        the header name
         * @param environmentVariable the variable that holds the value
         * @return this builder
         * @throws IllegalStateException if the variable is not set (its name is in the message,
         *                               never a value)
         */
        public Builder headerFromEnv(String name, String environmentVariable) {
            Objects.requireNonNull(environmentVariable, "environmentVariable");
            String value = environment.apply(environmentVariable);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("environment variable " + environmentVariable + " (for webhook header "
                        + name + ") is not set; set it or remove the header");
            }
            return header(name, value);
        }

        /**
         * Allows plain {@code http} to a host that is not the loopback address; default false.
         * Only for a network where the alert and its headers may travel unencrypted.
         *
         * @param allow whether to allow it
         * @return this builder
         */
        public Builder allowPlainHttp(boolean allow) {
            this.allowPlainHttp = allow;
            return this;
        }

        /**
         * Sets the factory of the delivery thread; default a daemon thread.
         *
         * @param threadFactory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** For tests: where {@link #headerFromEnv} reads variables. */
        Builder environment(UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Builds the listener; its delivery thread starts with the first alert.
         *
         * @return the listener
         * @throws IllegalArgumentException if the URI is not absolute {@code https}/{@code http}
         *                                  or is plain {@code http} to a host that is not loopback
         *                                  without {@link #allowPlainHttp}
         */
        public WebhookAlertListener build() {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("webhook URI must be an absolute https (or loopback http) URL, was "
                        + redacted(uri));
            }
            if (scheme.equals("http") && !allowPlainHttp && !loopback(uri.getHost())) {
                throw new IllegalArgumentException("webhook " + redacted(uri) + " is plain http to a host that is not "
                        + "the loopback address: alerts and headers would travel unencrypted; use https, or allow "
                        + "plain http explicitly");
            }
            return new WebhookAlertListener(this, "webhook " + redacted(uri));
        }
    }

    /** The URI without user info, query or fragment, which may carry tokens. */
    static String redacted(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + host + port + path;
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
