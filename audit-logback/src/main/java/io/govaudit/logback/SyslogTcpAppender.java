package io.govaudit.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.net.ssl.SSLComponent;
import ch.qos.logback.core.net.ssl.SSLConfigurableSocket;
import ch.qos.logback.core.net.ssl.SSLConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends each event, encoded by its encoder (normally {@link Rfc5424Encoder}), to a syslog
 * collector over TCP, or TLS when an {@code <ssl>} element is configured, with octet-counting
 * framing: {@code MSG-LEN SP SYSLOG-MSG} (RFC 6587 section 3.4.1, RFC 5425 section 4.3), so a
 * message may hold any byte, LF included.
 *
 * <p>Connection: opened at the first event; after a failed write it is opened again and the same
 * frame sent once more (a collector that restarted); if that fails too, the event is dropped, an
 * error goes to logback's status and no connection is tried for {@code reconnectionDelay}
 * milliseconds (events in that time are dropped and counted). TLS verifies the collector's
 * certificate against the configured trust store and its name against {@code host}. A write to a
 * collector that stops reading blocks the logging thread: the govaudit mirror logs from a thread of
 * its own, so recording never waits for it.
 *
 * <p>Thread-safety: {@link AppenderBase} appends under its lock.
 *
 * @since 0.1.0
 */
public class SyslogTcpAppender extends AppenderBase<ILoggingEvent> implements SSLComponent {

    private String host;
    private int port;
    private int connectionTimeout = 5000;
    private long reconnectionDelay = 10_000;
    private Encoder<ILoggingEvent> encoder;
    private SSLConfiguration ssl;
    private SSLSocketFactory tlsFactory;
    private Socket socket;
    private OutputStream out;
    private long nextAttemptNanos;
    private long dropped;

    /**
     * Sets the collector's host name or address (required; with TLS, the name its certificate holds).
     *
     * @param host the collector
     */
    public void setHost(String host) {
        this.host = host;
    }

    /**
     * Sets the collector's port; default 6514 with TLS (RFC 5425), 601 without (RFC 6587).
     *
     * @param port the port
     */
    public void setPort(int port) {
        this.port = port;
    }

    /**
     * Sets how long a connection attempt may take, in milliseconds; default 5000.
     *
     * @param millis the timeout
     */
    public void setConnectionTimeout(int millis) {
        this.connectionTimeout = millis;
    }

    /**
     * Sets how long to wait after a failed connection before trying again, in milliseconds; default 10000.
     *
     * @param millis the delay
     */
    public void setReconnectionDelay(long millis) {
        this.reconnectionDelay = millis;
    }

    /**
     * Sets the encoder of one message (required), normally {@link Rfc5424Encoder}.
     *
     * @param encoder the encoder
     */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** @return the encoder */
    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    @Override
    public SSLConfiguration getSsl() {
        return ssl;
    }

    @Override
    public void setSsl(SSLConfiguration ssl) {
        this.ssl = ssl;
    }

    @Override
    public void start() {
        int errors = 0;
        if (host == null || host.isBlank()) {
            addError("no host set for the syslog appender '" + name + "'");
            errors++;
        }
        if (encoder == null) {
            addError("no encoder set for the syslog appender '" + name + "'");
            errors++;
        }
        if (port == 0) {
            port = ssl != null ? 6514 : 601;
        }
        if (ssl != null && errors == 0) {
            try {
                tlsFactory = ssl.createContext(this).getSocketFactory();
                ssl.getParameters().setContext(getContext());
            } catch (Exception e) {
                addError("cannot set up TLS for the syslog appender '" + name + "'", e);
                errors++;
            }
        }
        if (errors == 0) {
            super.start();
        }
    }

    @Override
    public void stop() {
        super.stop();
        disconnect();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] message = encoder.encode(event);
        byte[] frame = frame(message);
        if (send(frame) || send(frame)) { // once more on a fresh connection: a collector that restarted
            return;
        }
        dropped++;
        if (dropped == 1 || Long.bitCount(dropped) == 1) {
            addError("syslog collector " + host + ":" + port + " unreachable; " + dropped + " event(s) not forwarded");
        }
    }

    /** RFC 6587 section 3.4.1: the message length in decimal, a space, the message. */
    static byte[] frame(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(message, 0, frame, prefix.length, message.length);
        return frame;
    }

    private boolean send(byte[] frame) {
        if (out == null && !connect()) {
            return false;
        }
        try {
            out.write(frame);
            out.flush();
            return true;
        } catch (IOException e) {
            addWarn("writing to syslog collector " + host + ":" + port + " failed", e);
            disconnect();
            return false;
        }
    }

    private boolean connect() {
        if (System.nanoTime() - nextAttemptNanos < 0) {
            return false;
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), connectionTimeout);
            Socket connected = plain;
            if (tlsFactory != null) {
                SSLSocket tls = (SSLSocket) tlsFactory.createSocket(plain, host, port, true);
                ssl.getParameters().configure(new SSLConfigurableSocket(tls));
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name host
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                connected = tls;
            }
            socket = connected;
            out = connected.getOutputStream();
            return true;
        } catch (IOException | RuntimeException e) {
            addError("cannot connect to syslog collector " + host + ":" + port + "; next try in "
                    + reconnectionDelay + " ms", e);
            closeQuietly(plain);
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(reconnectionDelay);
            return false;
        }
    }

    private void disconnect() {
        closeQuietly(socket);
        socket = null;
        out = null;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing after a failure: nothing more to do
            }
        }
    }
}
