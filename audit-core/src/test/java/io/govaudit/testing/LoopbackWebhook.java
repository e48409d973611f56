package io.govaudit.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) that receives alert
 * posts: each post is kept with the {@link System#nanoTime()} at which it arrived. It answers the
 * statuses given to {@link #answer} in turn (then 200), and {@link #hang} makes it hold every
 * request until {@link #release}. Thread-safe.
 */
public final class LoopbackWebhook implements AutoCloseable {

    /** One received post. */
    public record Post(long arrivedNanos, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    public LoopbackWebhook() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-webhook");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** @return {@code http://127.0.0.1:<port>/hook} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Answers the next posts with these statuses, in turn; later posts get 200. */
    public LoopbackWebhook answer(Integer... statuses) {
        answers.addAll(java.util.List.of(statuses));
        return this;
    }

    /** Holds every request (after recording it) until {@link #release}. */
    public LoopbackWebhook hang() {
        hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        hold.countDown();
    }

    /** @return the posts received so far, which {@link #await} consumes */
    public BlockingQueue<Post> posts() {
        return posts;
    }

    /** Waits for the first post whose body matches, consuming those before it. */
    public Optional<Post> await(Predicate<String> body, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Post post = posts.poll(left, TimeUnit.NANOSECONDS);
            if (post != null && body.test(post.body())) {
                return Optional.of(post);
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        posts.add(new Post(arrived, body, headers));
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer status = answers.poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
