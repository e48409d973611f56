package io.govaudit.mail;

import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.DeliveryPolicy;
import io.govaudit.alert.QueuedAlertListener;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Sends each alert of a trail by e-mail over SMTP (REQUIREMENTS.md B8), through Eclipse Angus
 * Mail (Jakarta Mail), from its own thread: the queue, retries and counters are
 * {@link QueuedAlertListener}'s.
 *
 * <p>The message: subject {@code <prefix> <KIND> chain '<chain>'} (for example
 * {@code [govaudit] RECORDING_STOPPED chain 'node-1'}); a plain-text UTF-8 body with the kind and
 * severity, chain, time, the alert's message and its details one per line. Nothing else from the
 * trail (no record contents, no keys) and never the SMTP password.
 *
 * <p>Transport: STARTTLS is required by default: a server that does not offer it gets nothing
 * (the attempt fails and is retried, then counted as failed), and the server's certificate and
 * host name are checked against the JVM's trust store. {@link Builder#starttls(boolean) starttls(false)}
 * sends in clear text, only for a relay on the same host or in tests.
 *
 * <pre>{@code
 * EmailAlertListener mail = EmailAlertListener.builder("smtp.example.gov.tw")
 *         .port(587)
 *         .username("audit-alerts")
 *         .passwordFromEnv("AUDIT_SMTP_PASSWORD")
 *         .from("audit@example.gov.tw")
 *         .to("ops@example.gov.tw", "security@example.gov.tw")
 *         .build();
 * AuditTrail trail = AuditTrail.builder()
 *         ...
 *         .alertListener(AuditAlertListener.logging().and(mail))
 *         .build();
 * // close the trail first, then the listener
 * }</pre>
 *
 * <p>{@link #name()} (in logs, health and metrics) is {@code mail smtp://host:port to N recipients}:
 * the addresses themselves stay out of metrics.
 *
 * <p>Thread-safety: as {@link QueuedAlertListener}.
 *
 * @since 0.1.0
 */
public final class EmailAlertListener extends QueuedAlertListener {

    private final Session session;
    private final String username;
    private final String password;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String subjectPrefix;

    private EmailAlertListener(Builder b, String name, InternetAddress from, InternetAddress[] to) {
        super(name, b.policy, b.threadFactory);
        this.session = Session.getInstance(properties(b));
        this.username = b.username;
        this.password = b.password;
        this.from = from;
        this.to = to;
        this.subjectPrefix = b.subjectPrefix;
    }

    /**
     * Starts a builder for the SMTP server {@code host}.
     *
     * @param host the SMTP server's host name
     * @return a builder: port 587, STARTTLS required, 10 s timeouts, subject prefix
     *         {@code [govaudit]}, {@link DeliveryPolicy#defaults()}
     */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    @Override
    protected void deliver(AuditAlert alert) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject(subjectPrefix, alert), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(alert.time()));
        message.setText(body(alert), StandardCharsets.UTF_8.name());
        if (username == null) {
            Transport.send(message);
        } else {
            Transport.send(message, username, password);
        }
    }

    static String subject(String prefix, AuditAlert alert) {
        return (prefix.isEmpty() ? "" : prefix + " ") + alert.kind() + " chain '" + alert.chain() + "'";
    }

    static String body(AuditAlert alert) {
        StringBuilder text = new StringBuilder()
                .append(alert.kind()).append(" (").append(alert.kind().severity()).append(")\n")
                .append("chain: ").append(alert.chain()).append('\n')
                .append("time:  ").append(alert.time()).append("\n\n")
                .append(alert.message()).append("\n");
        Map<String, Object> details = new TreeMap<>(alert.facts());
        if (!details.isEmpty()) {
            text.append("\ndetails:\n");
            details.forEach((k, v) -> text.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        return text.append("\n-- \ngovaudit alert; the same alert is in the application's log (marker AUDIT_ALERT).\n")
                .toString();
    }

    private static Properties properties(Builder b) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", b.host);
        p.setProperty("mail.smtp.port", Integer.toString(b.port));
        String millis = Long.toString(b.timeout.toMillis());
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        p.setProperty("mail.smtp.writetimeout", millis);
        p.setProperty("mail.smtp.auth", Boolean.toString(b.username != null));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(b.starttls));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(b.starttls));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        return p;
    }

    /**
     * Builds an {@link EmailAlertListener}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String host;
        private int port = 587;
        private boolean starttls = true;
        private Duration timeout = Duration.ofSeconds(10);
        private String username;
        private String password;
        private String passwordVariable;
        private String from;
        private final List<String> to = new ArrayList<>();
        private String subjectPrefix = "[govaudit]";
        private DeliveryPolicy policy = DeliveryPolicy.defaults();
        private ThreadFactory threadFactory;
        private UnaryOperator<String> environment = System::getenv;

        private Builder(String host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        /**
         * Sets the SMTP port; default 587 (submission with STARTTLS).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets whether STARTTLS is required; default true. False sends in clear text: only for a
         * relay on the same host, or tests.
         *
         * @param required whether to require STARTTLS
         * @return this builder
         */
        public Builder starttls(boolean required) {
            this.starttls = required;
            return this;
        }

        /**
         * Sets the connect, read and write timeout of one attempt; default 10 s.
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
         * Sets the SMTP AUTH user; without it the server is used without authentication.
         *
         * @param username the user name
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * Names the environment variable that holds the SMTP password; it is read at
         * {@link #build()} and never logged.
         *
         * @param environmentVariable the variable's name
         * @return this builder
         */
        public Builder passwordFromEnv(String environmentVariable) {
            this.passwordVariable = Objects.requireNonNull(environmentVariable, "environmentVariable");
            return this;
        }

        /**
         * Sets the sender address.
         *
         * @param address an RFC 822 address
         * @return this builder
         */
        public Builder from(String address) {
            this.from = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Adds recipients.
         *
         * @param addresses RFC 822 addresses
         * @return this builder
         */
        public Builder to(String... addresses) {
            for (String address : addresses) {
                to.add(Objects.requireNonNull(address, "address"));
            }
            return this;
        }

        /**
         * Sets what the subject starts with; default {@code [govaudit]}; empty for none.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public Builder subjectPrefix(String prefix) {
            this.subjectPrefix = Objects.requireNonNull(prefix, "prefix").strip();
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
         * Sets the factory of the delivery thread; default a daemon thread.
         *
         * @param threadFactory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** For tests: where {@link #passwordFromEnv} reads variables. */
        Builder environment(UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Builds the listener; its delivery thread starts with the first alert.
         *
         * @return the listener
         * @throws IllegalArgumentException listing every problem: no or invalid sender or
         *                                  recipients, a password without a user or the reverse,
         *                                  a password variable that is not set
         */
        public EmailAlertListener build() {
            List<String> problems = new ArrayList<>();
            InternetAddress sender = from == null ? null : address("from", from, problems);
            if (from == null) {
                problems.add("from: a sender address is required");
            }
            List<InternetAddress> recipients = new ArrayList<>();
            to.forEach(a -> recipients.add(address("to", a, problems)));
            if (to.isEmpty()) {
                problems.add("to: at least one recipient is required");
            }
            password = null;
            if (passwordVariable != null) {
                password = environment.apply(passwordVariable);
                if (password == null || password.isEmpty()) {
                    problems.add("password: environment variable " + passwordVariable + " is not set");
                }
                if (username == null) {
                    problems.add("username: a password is set (" + passwordVariable + ") but no user name");
                }
            } else if (username != null) {
                problems.add("password: user " + username + " needs passwordFromEnv(VARIABLE)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("e-mail alerts: " + String.join("; ", problems));
            }
            String name = "mail smtp://" + host + ":" + port + (starttls ? "" : " (no STARTTLS)") + " to "
                    + to.size() + (to.size() == 1 ? " recipient" : " recipients");
            return new EmailAlertListener(this, name, sender, recipients.toArray(InternetAddress[]::new));
        }

        private static InternetAddress address(String what, String address, List<String> problems) {
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                parsed.validate();
                return parsed;
            } catch (AddressException e) {
                problems.add(what + ": not an e-mail address: " + address);
                return null;
            }
        }
    }
}
