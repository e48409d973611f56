package io.govaudit.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SNTP server on 127.0.0.1 and a free port that answers each request with the client's own
 * transmit time plus an injected offset (so the measured offset is exactly that, whatever the
 * client's clock), or misbehaves as told: a wrong origin timestamp (a spoofed reply) or silence.
 *
 * <p>Thread-safe: the test thread sets the mode and offset while the server thread answers.
 */
public final class SntpTestServer implements AutoCloseable {

    /** How the server answers. */
    public enum Mode {
        /** A valid reply: stratum 1, mode 4, origin = the request's transmit time. */
        CORRECT,
        /** A reply whose origin timestamp is not the request's transmit time: must be rejected. */
        WRONG_ORIGIN,
        /** No reply at all. */
        SILENT
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.CORRECT;
    private volatile long offsetNtp; // the offset as a signed 32.32 fixed-point NTP difference

    private SntpTestServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "sntp-test-server");
        thread.setDaemon(true);
    }

    /**
     * Starts a server answering correctly with no offset.
     *
     * @return the running server
     * @throws IOException if no port can be bound
     */
    public static SntpTestServer start() throws IOException {
        SntpTestServer server = new SntpTestServer();
        server.thread.start();
        return server;
    }

    /**
     * Sets the offset the replies carry: the client's clock is that much behind the server's.
     *
     * @param offset positive: the server is ahead
     * @return this server
     */
    public SntpTestServer offset(Duration offset) {
        long seconds = Math.floorDiv(offset.toNanos(), 1_000_000_000L);
        long nanos = Math.floorMod(offset.toNanos(), 1_000_000_000L);
        offsetNtp = (seconds << 32) + (nanos << 32) / 1_000_000_000L; // in two parts: nanos << 32 overflows past 2 s
        return this;
    }

    /**
     * Sets how the server answers.
     *
     * @param mode the mode
     * @return this server
     */
    public SntpTestServer mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** @return the server as {@code 127.0.0.1:port}, as {@code ClockCheck} and records name it */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** @return how many requests arrived */
    public int requests() {
        return requests.get();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(request);
                requests.incrementAndGet();
                if (mode != Mode.SILENT && request.getLength() >= 48) {
                    socket.send(reply(ByteBuffer.wrap(buffer, 0, 48).getLong(40), request));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private DatagramPacket reply(long clientTransmit, DatagramPacket request) {
        byte[] reply = new byte[48];
        ByteBuffer b = ByteBuffer.wrap(reply);
        b.put(0, (byte) 0x24); // leap indicator 0, version 4, mode 4 (server)
        b.put(1, (byte) 1); // stratum 1
        b.put(12, (byte) 'G').put(13, (byte) 'P').put(14, (byte) 'S');
        long serverTime = clientTransmit + offsetNtp;
        b.putLong(16, serverTime); // reference
        b.putLong(24, mode == Mode.WRONG_ORIGIN ? clientTransmit + 1 : clientTransmit); // origin
        b.putLong(32, serverTime); // receive
        b.putLong(40, serverTime); // transmit
        return new DatagramPacket(reply, reply.length, request.getSocketAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}
