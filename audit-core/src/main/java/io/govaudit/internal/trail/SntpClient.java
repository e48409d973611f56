package io.govaudit.internal.trail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * An SNTP client (RFC 4330; the client mode of RFC 5905): one 48-byte request over UDP, one
 * validated reply, the clock offset and the round-trip delay.
 *
 * <p>Validation: a reply counts only if it is at least 48 bytes, comes from the server asked
 * (the socket is connected), is mode 4 (server), has no alarm (leap indicator 3), a stratum from
 * 1 to 15 (0 is a kiss-o'-death) and a non-zero transmit time, and its origin timestamp equals
 * the transmit timestamp we sent. The low 16 bits of that timestamp's fraction (about 15 µs) are
 * random, so an off-path sender cannot guess it: a spoofed reply is dropped and the client goes on
 * waiting for the real one until the timeout.
 *
 * <p>Arithmetic: with t1 our transmit time, t2 the server's receive time, t3 its transmit time
 * and t4 our receive time, offset = ((t2 - t1) + (t3 - t4)) / 2 (positive: the host clock is
 * behind) and delay = (t4 - t1) - (t3 - t2). Times t1 and t4 come from the trail's {@link Clock},
 * the clock records are stamped with, so the offset is that clock's.
 *
 * <p>Thread-safe: no state but the clock and the random source.
 */
final class SntpClient {

    /** Seconds from the NTP era (1900-01-01) to the Unix epoch. */
    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    static final int PACKET_BYTES = 48;
    private static final int RANDOM_BITS_MASK = 0xFFFF;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SntpClient(Clock clock) {
        this.clock = clock;
    }

    /** A valid answer: the offset of our clock from the server's, the round-trip delay, both in ms. */
    record Reading(String server, long offsetMillis, long delayMillis) {
    }

    /**
     * Asks one server.
     *
     * @param server  {@code host:port}, as {@link io.govaudit.ClockCheck#servers()} gives it
     * @param timeout how long to wait for a valid reply
     * @return the reading
     * @throws IOException if the server cannot be reached or gave no valid reply in time (the
     *                     message says which, and why the last reply was rejected)
     */
    Reading query(String server, Duration timeout) throws IOException {
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(server.substring(colon + 1));
        InetAddress address = InetAddress.getByName(host);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(address, port));
            Instant t1 = clock.instant();
            long sent = ntpTime(t1) ^ (random.nextInt() & RANDOM_BITS_MASK);
            byte[] request = new byte[PACKET_BYTES];
            request[0] = 0x23; // leap indicator 0, version 4, mode 3 (client)
            ByteBuffer.wrap(request).putLong(40, sent);
            socket.send(new DatagramPacket(request, request.length));
            return await(socket, server, sent, timeout);
        }
    }

    private Reading await(DatagramSocket socket, String server, long sent, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String rejected = null;
        byte[] reply = new byte[PACKET_BYTES + 64];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("no valid SNTP reply from " + server + " within " + timeout.toMillis()
                        + " ms" + (rejected == null ? "" : "; rejected a reply: " + rejected));
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket packet = new DatagramPacket(reply, reply.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue; // the deadline check above reports it
            }
            Instant t4 = clock.instant();
            String problem = problem(packet, sent);
            if (problem == null) {
                return reading(server, ByteBuffer.wrap(reply), sent, t4);
            }
            rejected = problem;
        }
    }

    /** Why a reply does not count, or null if it does. */
    static String problem(DatagramPacket packet, long sent) {
        if (packet.getLength() < PACKET_BYTES) {
            return "only " + packet.getLength() + " bytes";
        }
        ByteBuffer b = ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength()).slice();
        int first = b.get(0) & 0xFF;
        int stratum = b.get(1) & 0xFF;
        if ((first & 0x07) != 4) {
            return "mode " + (first & 0x07) + ", not 4 (server)";
        }
        if (first >>> 6 == 3) {
            return "the server's clock is not synchronised (leap indicator 3)";
        }
        if (stratum < 1 || stratum > 15) {
            return "stratum " + stratum + (stratum == 0 ? " (kiss-o'-death)" : "");
        }
        if (b.getLong(24) != sent) {
            return "its origin timestamp is not the transmit timestamp we sent (spoofed or stale)";
        }
        if (b.getLong(40) == 0) {
            return "a zero transmit timestamp";
        }
        return null;
    }

    private static Reading reading(String server, ByteBuffer reply, long sent, Instant t4) {
        double t1 = seconds(sent);
        double t2 = seconds(reply.getLong(32));
        double t3 = seconds(reply.getLong(40));
        double t4s = seconds(ntpTime(t4));
        double offset = ((t2 - t1) + (t3 - t4s)) / 2;
        double delay = (t4s - t1) - (t3 - t2);
        return new Reading(server, Math.round(offset * 1000), Math.max(0, Math.round(delay * 1000)));
    }

    /** An instant as a 64-bit NTP timestamp: 32 bits of seconds since 1900, 32 bits of fraction. */
    static long ntpTime(Instant t) {
        long seconds = t.getEpochSecond() + NTP_UNIX_OFFSET_SECONDS;
        long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
        return (seconds << 32) | fraction;
    }

    /** An NTP timestamp as seconds since 1900 (era 0; precise to about a microsecond). */
    static double seconds(long ntp) {
        return (ntp >>> 32) + (ntp & 0xFFFF_FFFFL) / 4_294_967_296.0;
    }
}
