package io.govaudit.spring;

import io.govaudit.alert.DeliveryStats;
import io.govaudit.alert.QueuedAlertListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Meters of alert delivery (B8), tagged {@code listener} = the listener's name, for every
 * {@link QueuedAlertListener} bean (ours and the application's):
 * {@code govaudit.alerts.delivered}, {@code govaudit.alerts.failed} (given up after the last
 * attempt), {@code govaudit.alerts.dropped} (queue full or closed), {@code govaudit.alerts.retries}
 * (function counters) and {@code govaudit.alerts.queued} (gauge). Each reads
 * {@link QueuedAlertListener#stats()} when the registry asks. Thread-safety: stateless.
 */
final class AlertDeliveryMetrics implements MeterBinder {

    private final List<QueuedAlertListener> listeners;

    AlertDeliveryMetrics(List<QueuedAlertListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (QueuedAlertListener listener : listeners) {
            Tags tags = Tags.of("listener", listener.name());
            counter(registry, listener, tags, "govaudit.alerts.delivered", "alerts delivered to people",
                    DeliveryStats::delivered);
            counter(registry, listener, tags, "govaudit.alerts.failed", "alerts given up after the last attempt",
                    DeliveryStats::failed);
            counter(registry, listener, tags, "govaudit.alerts.dropped", "alerts dropped: queue full or closed",
                    DeliveryStats::dropped);
            counter(registry, listener, tags, "govaudit.alerts.retries", "delivery attempts after a failed one",
                    DeliveryStats::retries);
            Gauge.builder("govaudit.alerts.queued", listener, l -> l.stats().queued())
                    .description("alerts waiting for delivery").tags(tags).register(registry);
        }
    }

    private static void counter(MeterRegistry registry, QueuedAlertListener listener, Tags tags, String name,
            String description, ToDoubleFunction<DeliveryStats> value) {
        FunctionCounter.builder(name, listener, l -> value.applyAsDouble(l.stats()))
                .description(description).tags(tags).register(registry);
    }
}
