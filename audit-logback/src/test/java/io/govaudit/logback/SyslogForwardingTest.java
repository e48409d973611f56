package io.govaudit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The documented logback configurations (docs/siem/*.xml, loaded as they are) forward the
 * govaudit.AUDIT mirror to a loopback syslog receiver: RFC 5424 with octet counting, over TCP and
 * over TLS, every record once in seq order, nothing when the mirror is off (issue 16).
 */
class SyslogForwardingTest {

    private static final Path DOCS = Path.of("..", "docs", "siem");
    /** PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD BOM MSG. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) govaudit (\\d+) ([A-Z_]+) "
                    + "\\[govaudit@32473 ((?:[^\\]\"]+=\"(?:[^\"\\\\\\]]|\\\\.)*\" ?)+)\\] \uFEFF(\\{.*\\})", Pattern.DOTALL);

    @TempDir
    Path root;

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        logback.reset();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tcp_everyRecordOnceInSeqOrder_asRfc5424() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receive(server);
        configure("logback-syslog.xml", "127.0.0.1", server.getLocalPort(), null);

        List<String> stored = recordSome("tcp", true);

        assertForwarded(stored, "tcp");
    }

    @Test
    void tcp_nothingWhenTheMirrorIsOff() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receive(server);
        configure("logback-syslog.xml", "127.0.0.1", server.getLocalPort(), null);

        recordSome("off", false);
        LoggerFactory.getLogger("govaudit.AUDIT").info("probe"); // proves the path works, and is the only frame

        awaitFrames(1);
        Thread.sleep(300);
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).endsWith(" - \uFEFFprobe").startsWith("<110>1 ");
    }

    @Test
    void tls_everyRecordOnceInSeqOrder_andTheCollectorsNameIsChecked() throws Exception {
        Path serverStore = root.resolve("collector.p12");
        Path trustStore = root.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        Path cert = root.resolve("collector.cer");
        keytool("-exportcert", "-alias", "collector", "-keystore", serverStore.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "collector", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receive(server);
        configure("logback-syslog-tls.xml", "localhost", server.getLocalPort(), trustStore);

        List<String> stored = recordSome("tls", true);

        assertForwarded(stored, "tls");
        assertThat(errors()).isEmpty();
    }

    @Test
    void tls_aCollectorWhoseNameDoesNotMatchGetsNothing() throws Exception {
        Path serverStore = root.resolve("other.p12");
        Path trustStore = root.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=collector.example", "-ext", "SAN=dns:collector.example", "-validity", "2",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        Path cert = root.resolve("other.cer");
        keytool("-exportcert", "-alias", "other", "-keystore", serverStore.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "other", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receive(server);
        configure("logback-syslog-tls.xml", "localhost", server.getLocalPort(), trustStore);

        List<String> stored = recordSome("wrongname", true);

        assertThat(stored).isNotEmpty();
        Thread.sleep(300);
        assertThat(received).isEmpty();
        assertThat(errors()).anyMatch(s -> s.contains("cannot connect to syslog collector"));
    }

    // ---- helpers ----

    private void configure(String file, String host, int port, Path trustStore) throws Exception {
        logback.reset();
        logback.getStatusManager().clear(); // earlier tests' statuses
        logback.putProperty("GOVAUDIT_SIEM_HOST", host);
        logback.putProperty("GOVAUDIT_SIEM_PORT", Integer.toString(port));
        if (trustStore != null) {
            logback.putProperty("GOVAUDIT_SIEM_TRUSTSTORE", trustStore.toString());
            logback.putProperty("GOVAUDIT_SIEM_TRUSTSTORE_PASSWORD", "changeit");
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(logback);
        joran.doConfigure(DOCS.resolve(file).toFile());
        assertThat(errors()).as("logback configuration of " + file).isEmpty();
    }

    private List<String> errors() {
        return logback.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getLevel() == Status.ERROR)
                .map(s -> s.getMessage() + (s.getThrowable() != null ? ": " + s.getThrowable() : "")).toList();
    }

    private List<String> recordSome(String chain, boolean mirror) {
        try (AuditTrail trail = AuditTrail.builder().directory(root.resolve("store")).chainId(chain).system("sys")
                .mirrorToSlf4j(mirror).build()) {
            trail.record(AuditEvent.userLock(Actor.of("admin \"7\" ]x"), "u42")
                    .where(Location.defaults().withIp("192.0.2.10")).build());
            for (int i = 0; i < 200; i++) {
                trail.record(AuditEvent.adminAction(Actor.of("A" + i % 5), "POST /run/" + i).detail("n", i).build());
            }
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("store").resolve(chain))) {
            for (Path segment : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(segment, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private void assertForwarded(List<String> stored, String chain) throws InterruptedException {
        awaitFrames(stored.size());
        Thread.sleep(200); // nothing more comes
        assertThat(received).hasSameSizeAs(stored);
        for (int i = 0; i < stored.size(); i++) {
            Matcher m = RFC5424.matcher(received.get(i));
            assertThat(m.matches()).as("RFC 5424 frame %s: %s", i, received.get(i)).isTrue();
            assertThat(m.group(1)).isEqualTo("110"); // LOG_AUDIT (13) * 8 + INFO (6)
            assertThat(m.group(7)).isEqualTo(stored.get(i)); // MSG: the record line as stored
            assertThat(stored.get(i)).contains("\"ts\":\"" + m.group(2) + "\"", "\"type\":\"" + m.group(5) + "\"");
            assertThat(m.group(6)).startsWith("chain=\"" + chain + "\" seq=\"" + (i + 1) + "\" ts=\"" + m.group(2) + "\"")
                    .contains(" hash=\"");
        }
        String lock = received.stream().filter(f -> f.contains(" USER_LOCK [")).findFirst().orElseThrow();
        assertThat(lock).contains("actor=\"admin \\\"7\\\" \\]x\"", "subject=\"USER:u42\"", "ip=\"192.0.2.10\"",
                "outcome=\"SUCCESS\"");
    }

    private void awaitFrames(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A loopback collector: reads octet-counted frames (RFC 6587 3.4.1) from each connection. */
    private void receive(ServerSocket listening) {
        Thread thread = new Thread(() -> {
            while (!listening.isClosed()) {
                try (Socket socket = listening.accept()) {
                    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    while (true) {
                        received.add(readFrame(in));
                    }
                } catch (IOException e) {
                    // closed, end of stream or a failed handshake: wait for the next connection
                }
            }
        }, "syslog-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    private static String readFrame(DataInputStream in) throws IOException {
        int length = 0;
        int b;
        int digits = 0;
        while ((b = in.read()) != ' ') {
            if (b < 0) {
                throw new EOFException();
            }
            assertThat((char) b).isBetween('0', '9');
            length = length * 10 + (b - '0');
            digits++;
        }
        assertThat(digits).isBetween(1, 9);
        byte[] message = new byte[length];
        in.readFully(message);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(message);
        return copy.toString(StandardCharsets.UTF_8);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
