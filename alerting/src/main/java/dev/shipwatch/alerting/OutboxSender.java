package dev.shipwatch.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Delivery;
import dev.shipwatch.store.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread per node that drains the outbox: claims the next due event (other nodes skip
 * it), sends it, and stores the result — sent, rejected for good (400), or pending again with
 * a backoff. It wakes when an event is written here, when the next retry is due, and at least
 * every {@code poll} for events written by other nodes.
 */
final class OutboxSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Object WAKE = new Object();

    private final AlertStore store;
    private final EventSender sender;
    private final Clock clock;
    private final Backoff backoff;
    private final int perMinute;
    private final Duration poll;
    private final ObjectMapper json;
    private final BlockingQueue<Object> wakeups = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private volatile boolean stopping;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    /** Called after every stored delivery (to refresh cached counts). */
    private final Runnable afterDelivery;

    OutboxSender(AlertStore store, EventSender sender, Clock clock, Backoff backoff, int perMinute, Duration poll,
                 ObjectMapper json, Runnable afterDelivery) {
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.backoff = backoff;
        this.perMinute = perMinute;
        this.poll = poll;
        this.json = json;
        this.afterDelivery = afterDelivery;
        this.thread = new Thread(this::loop, "alert-sender");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something was written: look now rather than at the next poll. Never blocks. */
    void wake() {
        wakeups.offer(WAKE);
    }

    private void loop() {
        while (!stopping) {
            try {
                Instant now = clock.instant();
                AlertStore.Sent sent = store.deliverNext(now, perMinute, this::attempt);
                if (sent == AlertStore.Sent.ONE) {
                    afterDelivery.run();
                    continue;
                }
                Duration idle = sent == AlertStore.Sent.BUDGET_SPENT
                        // Over the minute's budget (all nodes together): nothing goes out until a slot frees up.
                        ? store.budgetFreesAt(now).map(free -> Duration.between(clock.instant(), free)).orElse(poll)
                        : store.nextDue().map(due -> Duration.between(clock.instant(), due)).orElse(poll);
                await(idle.compareTo(poll) > 0 ? poll : idle);
            } catch (RuntimeException e) {
                // Typically the database is down: rows once written stay in it, and are sent when it is back.
                log.warn("alert outbox not drained, trying again in {} ms: {}", poll.toMillis(), e.toString());
                try {
                    await(poll);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One attempt at one event; runs inside the claiming transaction. */
    private Delivery attempt(OutboxEntry entry) {
        MDC.put("dedup_key", entry.dedupKey());
        try {
            PagerEvent event;
            try {
                event = json.readValue(entry.payload(), PagerEvent.class);
            } catch (JsonProcessingException e) {
                rejected.incrementAndGet();
                log.error("alert event {} ({} {}) is unreadable and will not be sent: {}", entry.id(), entry.action(),
                        entry.dedupKey(), e.getOriginalMessage());
                return Delivery.failed("unreadable event: " + e.getOriginalMessage());
            }
            SendResult result;
            try {
                result = sender.send(event);
            } catch (RuntimeException e) {
                result = SendResult.retry("sender failed: " + e, null);
            }
            Instant now = clock.instant();
            return switch (result.kind()) {
                case ACCEPTED -> {
                    sent.incrementAndGet();
                    log.info("alert sent: {} {} (attempt {})", entry.action(), entry.dedupKey(), entry.attempts() + 1);
                    yield Delivery.sent(now);
                }
                case REJECTED -> {
                    rejected.incrementAndGet();
                    log.error("alert REJECTED and not retried: {} {} (event {}): {}", entry.action(), entry.dedupKey(),
                            entry.id(), result.detail());
                    yield Delivery.failed(result.detail());
                }
                case RETRY -> {
                    retried.incrementAndGet();
                    Duration delay = backoff.delay(entry.attempts() + 1, result.retryAfter());
                    log.warn("alert not delivered: {} {} (attempt {}): {}; next try in {} ms", entry.action(),
                            entry.dedupKey(), entry.attempts() + 1, result.detail(), delay.toMillis());
                    yield Delivery.retryAt(now.plus(delay), result.detail());
                }
            };
        } finally {
            MDC.remove("dedup_key");
        }
    }

    private void await(Duration d) throws InterruptedException {
        long ms = Math.max(1, d.toMillis());
        wakeups.poll(ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops after the attempt in progress (bounded by the HTTP timeouts). The thread is not
     * interrupted: an interrupt inside H2's file I/O closes the embedded database.
     */
    @Override
    public void close() {
        stopping = true;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
