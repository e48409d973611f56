package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.govaudit.mail.EmailAlertListener;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --alert-mail-*}: a drill's alerts reach people by e-mail (B8), through GreenMail,
 * a real SMTP server in this JVM on the loopback address. GreenMail has no STARTTLS, which the CLI
 * always requires, so the delivery test swaps the listener's builder for one without it through
 * {@link AlertOptions#mailBuilder} (a test seam, no option); the refusal test keeps the production
 * builder and shows that without STARTTLS nothing is sent.
 */
class GenerateAlertMailTest {

    @TempDir
    Path store;

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        AlertOptions.mailBuilder = EmailAlertListener::builder;
        smtp.stop();
    }

    private CliRun fillingDrill(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", store.toString(), "--chain", "drill",
                "--count", "3000", "--segment-bytes", "65536", "--max-bytes", "262144", "--on-full", "stop-recording",
                "--alert-mail-host", "127.0.0.1", "--alert-mail-port", String.valueOf(smtp.getSmtp().getPort()),
                "--alert-mail-from", "audit@example.gov.tw",
                "--alert-mail-to", "ops@example.gov.tw", "--alert-mail-to", "security@example.gov.tw"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void generate_storeFillsUp_mailsRecordingStoppedToEveryRecipient() throws Exception {
        AlertOptions.mailBuilder = host -> EmailAlertListener.builder(host).starttls(false);

        CliRun run = fillingDrill();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("ALERT RECORDING_STOPPED ");
        // the run waited for the mail before it returned
        MimeMessage stopped = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> subject(m).contains("RECORDING_STOPPED")).findFirst().orElseThrow();
        assertThat(subject(stopped)).isEqualTo("[govaudit] RECORDING_STOPPED chain 'drill'");
        assertThat(stopped.getFrom()[0].toString()).isEqualTo("audit@example.gov.tw");
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(GenerateAlertMailTest::subject))
                .anySatisfy(s -> assertThat(s).contains("CAPACITY_WARNING"));
        assertThat(Arrays.stream(stopped.getAllRecipients()).map(Object::toString))
                .containsExactly("ops@example.gov.tw", "security@example.gov.tw");
        assertThat(run.out()).containsPattern("alert delivery:  mail smtp://127\\.0\\.0\\.1:\\d+ \\(no STARTTLS\\) to 2 "
                + "recipients: delivered " + run.err().lines().filter(l -> l.startsWith("ALERT ")).count()
                + ", retries 0, failed 0, dropped 0"); // one mail per alert, to both recipients
    }

    @Test
    void generate_serverWithoutStarttls_getsNothing() {
        CliRun run = fillingDrill();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(run.out()).containsPattern("alert delivery:  mail smtp://127\\.0\\.0\\.1:\\d+ to 2 recipients: delivered 0,");
    }

    @Test
    void generate_passwordVariableNotSet_isAUsageErrorNamingTheVariable() {
        String variable = "GOVAUDIT_TEST_UNSET_SMTP_PASSWORD";
        assertThat(System.getenv(variable)).isNull();

        CliRun run = CliRun.of("generate", store.toString(), "--chain", "drill", "--count", "1",
                "--alert-mail-host", "127.0.0.1", "--alert-mail-from", "audit@example.gov.tw",
                "--alert-mail-to", "ops@example.gov.tw", "--alert-mail-user", "alerts",
                "--alert-mail-password-env", variable);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--alert-mail-*: ", "environment variable " + variable + " is not set");
        assertThat(store.resolve("drill")).doesNotExist();
    }

    @Test
    void generate_mailOptionsWithoutHost_isAUsageError() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "drill", "--count", "1",
                "--alert-mail-to", "ops@example.gov.tw");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("need --alert-mail-host");
    }
}
