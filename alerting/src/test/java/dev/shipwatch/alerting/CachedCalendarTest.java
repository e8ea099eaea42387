package dev.shipwatch.alerting;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.MaintenanceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerting's maintenance answers: from one read a second, over real H2. */
class CachedCalendarTest {
    private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");
    private Database db;
    private final AtomicInteger reads = new AtomicInteger();
    private MaintenanceStore counted;

    @BeforeEach
    void open() {
        db = Database.open(new Storage("jdbc:h2:mem:cal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        MaintenanceStore real = db.maintenance();
        counted = (MaintenanceStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MaintenanceStore.class},
                (proxy, method, args) -> {
                    reads.incrementAndGet();
                    return method.invoke(real, args);
                });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void manyQuestionsInOneSecondCostOneReadAndANewWindowCountsWithinASecond() {
        Clock at = Clock.fixed(NOW, ZoneOffset.UTC);
        db.maintenance().create(new MaintenanceDraft("Upgrade", "b", NOW.minusSeconds(600), NOW.plusSeconds(600), List.of("api")), NOW);
        CachedCalendar calendar = new CachedCalendar(counted, name -> name.toLowerCase(), at);

        for (int i = 0; i < 100; i++) {
            assertThat(calendar.inMaintenance("API", NOW.minusSeconds(i))).isTrue();
            assertThat(calendar.inMaintenance("Web", NOW.minusSeconds(i))).isFalse();
        }
        assertThat(reads.get()).isEqualTo(1);

        db.maintenance().create(new MaintenanceDraft("Web", "b", NOW, NOW.plusSeconds(60), List.of("web")), NOW);
        CachedCalendar later = new CachedCalendar(counted, name -> name.toLowerCase(), Clock.offset(at, Duration.ofSeconds(1)));
        assertThat(later.inMaintenance("Web", NOW.plusSeconds(30))).isTrue();
    }

    @Test
    void timesOlderThanTheMonthAreAskedOfTheStore() {
        Instant old = NOW.minus(Duration.ofDays(40));
        db.maintenance().create(new MaintenanceDraft("Old", "b", old, old.plusSeconds(600), List.of("api")), old);
        CachedCalendar calendar = new CachedCalendar(counted, name -> name.toLowerCase(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(calendar.inMaintenance("API", old.plusSeconds(60))).isTrue();
        assertThat(calendar.inMaintenance("API", old.minusSeconds(60))).isFalse();
    }
}
