package io.govaudit.alert;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert listener that delivers each alert to people outside the trail's store (a webhook, a
 * mail server) from its own thread, with a bounded queue, retries and counters (REQUIREMENTS.md
 * B8). Subclasses implement {@link #deliver}; this class owns the queue, the thread and the
 * counting, so every channel behaves the same.
 *
 * <p>Ordering: alerts are delivered one at a time, in the order they were raised.
 *
 * <p>Never blocking the writer: {@link #onAlert} only offers the alert to the queue and returns.
 * A full queue drops the <em>newest</em> alert and counts it ({@link DeliveryStats#dropped()}):
 * the first alerts of an incident name its cause, the later ones mostly repeat it. A receiver that
 * hangs delays only the alerts behind it, never a record.
 *
 * <p>Failure: {@link #deliver} throwing is one failed attempt; the alert is tried again after the
 * policy's backoff, up to {@link DeliveryPolicy#attempts()}, then given up, counted
 * ({@link DeliveryStats#failed()}) and logged at ERROR with marker
 * {@link AuditAlertListener#AUDIT_ALERT} (the alert itself was also logged by the logging
 * listener, so it is never lost from the application's log).
 *
 * <p>Shutdown: {@link #close} stops taking alerts, waits up to 5 s for the queue to drain, then
 * interrupts the delivery thread; alerts still queued are counted as dropped. Close the listener
 * after the trail (the trail raises alerts until it is closed).
 *
 * <p>Thread-safety: {@link #onAlert}, {@link #stats} and {@link #close} may be called from any
 * thread; {@link #deliver} is called from the delivery thread only.
 *
 * @since 0.1.0
 */
public abstract class QueuedAlertListener implements AuditAlertListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedAlertListener.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final DeliveryPolicy policy;
    private final ThreadFactory threadFactory;
    private final BlockingQueue<AuditAlert> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean failing;
    private volatile String lastFailure = "";
    /** Guards {@link #thread}; {@link #closed} is written under it and read without it. */
    private final Object lock = new Object();
    private Thread thread;
    private volatile boolean closed;

    /**
     * Creates the listener; its delivery thread starts with the first alert.
     *
     * @param name          names the receiver in logs, health and metrics; must not hold a secret
     * @param policy        the queue bound, attempts and backoff
     * @param threadFactory makes the delivery thread, or null for a daemon thread named
     *                      {@code govaudit-alerts}
     */
    protected QueuedAlertListener(String name, DeliveryPolicy policy, ThreadFactory threadFactory) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.threadFactory = threadFactory != null ? threadFactory : QueuedAlertListener::daemon;
        this.queue = new ArrayBlockingQueue<>(policy.queueCapacity());
    }

    /**
     * Delivers one alert; throwing means this attempt failed and the alert will be retried.
     * Called on the delivery thread only.
     *
     * @param alert the alert
     * @throws Exception when the receiver did not accept the alert; its message is logged and
     *                   shown in health, so it must not hold a secret
     */
    protected abstract void deliver(AuditAlert alert) throws Exception;

    /**
     * Queues the alert for delivery and returns at once (never blocks the writer thread).
     *
     * @param alert the alert
     */
    @Override
    public final void onAlert(AuditAlert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closed || !started()) {
            drop(alert, "the listener is closed");
        } else if (!queue.offer(alert)) {
            drop(alert, "the queue is full (" + policy.queueCapacity() + " alerts)");
        }
    }

    /**
     * Returns the counters.
     *
     * @return delivered, retried, failed, dropped and queued alerts
     */
    public final DeliveryStats stats() {
        return new DeliveryStats(delivered.get(), retries.get(), failed.get(), dropped.get(), queue.size(), failing,
                lastFailure);
    }

    /**
     * Returns the name of the receiver (for logs, health and metrics).
     *
     * @return the name given at construction
     */
    public final String name() {
        return name;
    }

    /**
     * Returns the queue bound, attempts and backoff.
     *
     * @return the policy
     */
    public final DeliveryPolicy policy() {
        return policy;
    }

    /**
     * Stops taking alerts, waits up to 5 s for the queued ones to be delivered, then stops the
     * delivery thread; alerts still queued are counted as dropped. Restores the caller's interrupt.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            try {
                running.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.interrupt();
        }
        for (AuditAlert left; (left = queue.poll()) != null; ) {
            drop(left, "the listener was closed before it was delivered");
        }
    }

    /**
     * Returns true: this listener delivers alerts outside the process (a webhook, a mail server),
     * as {@link io.govaudit.ComplianceLevel#HIGH} demands (REQUIREMENTS.md B8).
     *
     * @return true
     * @since 0.1.0
     */
    @Override
    public boolean delivers() {
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }

    private boolean started() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (thread == null) {
                thread = threadFactory.newThread(this::run);
                thread.start();
            }
            return true;
        }
    }

    private void run() {
        try {
            while (!closed || !queue.isEmpty()) {
                AuditAlert alert = queue.poll(100, TimeUnit.MILLISECONDS);
                if (alert != null) {
                    attempt(alert);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tries one alert up to the policy's attempts; the backoff sleeps on this thread only. */
    private void attempt(AuditAlert alert) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deliver(alert);
                delivered.incrementAndGet();
                failing = false;
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                lastFailure = alert.kind() + ": " + e;
                if (attempt >= policy.attempts()) {
                    giveUp(alert, attempt, e);
                    return;
                }
                retries.incrementAndGet();
                LOG.warn(AUDIT_ALERT, "{}: attempt {} of {} to deliver {} failed ({}); retrying", this, attempt,
                        policy.attempts(), alert.kind(), e.toString());
                TimeUnit.NANOSECONDS.sleep(policy.backoffBefore(attempt).toNanos());
            }
        }
    }

    private void giveUp(AuditAlert alert, int attempts, Throwable cause) {
        failed.incrementAndGet();
        failing = true;
        LOG.error(AUDIT_ALERT, "{}: gave up delivering after {} attempts ({}): {}", this, attempts, cause.toString(),
                alert);
    }

    private void drop(AuditAlert alert, String why) {
        dropped.incrementAndGet();
        LOG.error(AUDIT_ALERT, "{}: dropped an alert, {}: {}", this, why, alert);
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "govaudit-alerts");
        t.setDaemon(true);
        return t;
    }
}
