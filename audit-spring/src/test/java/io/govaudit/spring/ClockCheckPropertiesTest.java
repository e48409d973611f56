package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditTrail;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code govaudit.clock-check.*} reaches the trail: with a loopback SNTP server answering two
 * seconds ahead, {@code TRAIL_START} carries the offset and server; bad values stop the start
 * naming the property.
 */
class ClockCheckPropertiesTest {

    private static final String CHAIN = "clock-1";

    @TempDir
    Path store;

    private DatagramSocket server;
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread answering = new Thread(this::answerTwoSecondsAhead, "sntp-test-server");
        answering.setDaemon(true);
        answering.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GovauditAutoConfiguration.class,
                        GovauditJdbcStoreAutoConfiguration.class))
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=" + CHAIN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Answers each request as a stratum 1 server whose time is the client's transmit time + 2 s. */
    private void answerTwoSecondsAhead() {
        byte[] buffer = new byte[48];
        while (!server.isClosed()) {
            try {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                server.receive(request);
                long origin = ByteBuffer.wrap(buffer).getLong(40);
                long time = origin + (2L << 32);
                ByteBuffer reply = ByteBuffer.allocate(48).put(0, (byte) 0x24).put(1, (byte) 1)
                        .putLong(24, origin).putLong(32, time).putLong(40, time);
                server.send(new DatagramPacket(reply.array(), 48, request.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    @Test
    void clockCheckProperties_reachTheTrailAndTrailStartCarriesTheOffset() {
        runner.withPropertyValues("govaudit.clock-check.servers=" + address(),
                "govaudit.clock-check.max-offset=5s", "govaudit.clock-check.every=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class);
                    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                            .contains("govaudit-clock-" + CHAIN);
                });
        JsonNode start = TrailFiles.trailStart(store, CHAIN);
        // the server stamps origin + 2 s, so the measured offset is 2 s less half the round trip,
        // which took 22 ms once on a loaded CI machine: the point is that the offset arrives
        assertThat(start.path("clock_offset_ms").asLong()).isBetween(1500L, 2010L);
        assertThat(start.path("clock_server").asText()).isEqualTo(address());
        assertThat(TrailFiles.ofType(store, CHAIN, "CLOCK_ANOMALY")).as("within max-offset 5s").isEmpty();
    }

    @Test
    void clockCheckUnset_noCheck() {
        runner.run(context -> assertThat(context).hasNotFailed());
        assertThat(TrailFiles.trailStart(store, CHAIN).has("clock_offset_ms")).isFalse();
    }

    @Test
    void clockCheckBadValues_failTheStartNamingTheProperty() {
        runner.withPropertyValues("govaudit.clock-check.servers=" + address(), "govaudit.clock-check.every=10ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(problems(context.getStartupFailure())).anySatisfy(
                            p -> assertThat(p).startsWith("govaudit.clock-check: ").contains("every", "PT0.01S"));
                });
        runner.withPropertyValues("govaudit.clock-check.max-offset=1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(problems(context.getStartupFailure()))
                    .anySatisfy(p -> assertThat(p).startsWith("govaudit.clock-check.servers: "));
        });
    }

    private static java.util.List<String> problems(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof AuditConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("startup failure %s", failure).isInstanceOf(AuditConfigurationException.class);
        return ((AuditConfigurationException) cause).problems();
    }
}
