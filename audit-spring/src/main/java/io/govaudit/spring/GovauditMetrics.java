package io.govaudit.spring;

import io.govaudit.AuditTrail;
import io.govaudit.TrailStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The trail's meters, tagged {@code chain} = the chain id. Every meter reads
 * {@link AuditTrail#status()} when the registry asks (a scrape), so recording pays nothing for
 * them:
 *
 * <ul>
 * <li>{@code govaudit.records} (function counter): application records made durable;</li>
 * <li>{@code govaudit.batches} (function counter): group commits (one write and one device flush
 * each);</li>
 * <li>{@code govaudit.batch.size} (gauge): mean records per batch since the trail opened; over a
 * window use {@code rate(govaudit.records.written) / rate(govaudit.batches)}. A true distribution
 * would need a callback on the writer thread per batch, which the core does not offer on
 * purpose;</li>
 * <li>{@code govaudit.records.written} (function counter): all records, the library's own
 * included;</li>
 * <li>{@code govaudit.commit.latency} (function timer): count and total time of the writes plus
 * forces, so its mean is the mean commit latency;</li>
 * <li>{@code govaudit.queue.depth} (gauge): records waiting for the writer;</li>
 * <li>{@code govaudit.not.recorded} (function counter): events not recorded since the trail opened
 * (a total that only grows, hence a counter rather than a gauge);</li>
 * <li>{@code govaudit.capacity.used} (gauge, bytes) and, for a bounded store,
 * {@code govaudit.capacity.max} (gauge, bytes);</li>
 * <li>{@code govaudit.replica.behind} (gauge, records, tagged also {@code replica} = its index
 * from 0 in the order given): durable records not yet in that replica, one gauge per replica of
 * {@code replicateTo}.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; the registry may call the functions from any thread.
 */
final class GovauditMetrics implements MeterBinder {

    private final AuditTrail trail;

    GovauditMetrics(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("chain", trail.chainId());
        counter(registry, tags, "govaudit.records", "application records made durable", s -> s.counters().records());
        counter(registry, tags, "govaudit.records.written", "records made durable, the library's own included",
                s -> s.counters().written());
        counter(registry, tags, "govaudit.batches", "group commits (one write and one device flush each)",
                s -> s.counters().batches());
        counter(registry, tags, "govaudit.not.recorded", "events not recorded since the trail opened",
                s -> s.notRecorded());
        FunctionTimer.builder("govaudit.commit.latency", trail, t -> t.status().counters().batches(),
                t -> t.status().counters().commitNanos(), TimeUnit.NANOSECONDS)
                .description("time to write and force a batch").tags(tags).register(registry);
        gauge(registry, tags, "govaudit.batch.size", "mean records per batch since the trail opened", null,
                s -> s.counters().meanBatchSize());
        gauge(registry, tags, "govaudit.queue.depth", "records waiting for the writer", null, s -> s.queueDepth());
        gauge(registry, tags, "govaudit.capacity.used", "bytes the chain holds in its store", BaseUnits.BYTES,
                s -> s.usedBytes());
        TrailStatus now = trail.status();
        if (now.maxBytes().isPresent()) {
            gauge(registry, tags, "govaudit.capacity.max", "the capacity bound", BaseUnits.BYTES,
                    s -> s.maxBytes().orElse(0));
        }
        for (int i = 0; i < now.replicas().size(); i++) {
            int index = i;
            gauge(registry, tags.and("replica", Integer.toString(i)), "govaudit.replica.behind",
                    "durable records not yet in the replica", null,
                    s -> s.replicas().size() > index ? Math.max(0, s.headSeq() - s.replicas().get(index).replicatedSeq()) : 0);
        }
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String description,
            ToDoubleFunction<TrailStatus> value) {
        FunctionCounter.builder(name, trail, t -> value.applyAsDouble(t.status()))
                .description(description).tags(tags).register(registry);
    }

    private void gauge(MeterRegistry registry, Tags tags, String name, String description, String unit,
            ToDoubleFunction<TrailStatus> value) {
        Gauge.builder(name, trail, t -> value.applyAsDouble(t.status()))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }
}
