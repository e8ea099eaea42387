package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class LazyResourceTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Resource html(String body, Instant at) {
        return Resource.html(200, body.getBytes(StandardCharsets.UTF_8), at);
    }

    @Test
    void aRenderInProgressHoldsUpNeitherReadersNorTheNextPageAndRunsOnce() throws Exception {
        CountDownLatch rendering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger renders = new AtomicInteger();
        LazyResource page = LazyResource.of(() -> {
            renders.incrementAndGet();
            rendering.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return html("<p>a</p>", T0);
        });
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Resource> first = two.submit(page::get);
            assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Resource> second = two.submit(page::get);

            // a guard, not a pause: these return at once, or the test fails instead of hanging
            LazyResource next = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(page.ifRendered()).isNull();
                return page.then(() -> html("<p>b</p>", T0.plusSeconds(60)));
            });
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(second.get(10, TimeUnit.SECONDS)).isSameAs(page.ifRendered());
            assertThat(renders).hasValue(1);
            assertThat(new String(next.get().identity(), StandardCharsets.UTF_8)).isEqualTo("<p>b</p>");
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void theSameBytesAsTheLatestRenderedKeepItsLastModifiedEvenAcrossPagesNeverRendered() {
        LazyResource a = LazyResource.of(() -> html("<p>same</p>", T0));
        Resource shown = a.get();
        LazyResource neverAskedFor = a.then(() -> html("<p>other</p>", T0.plusSeconds(60)));
        LazyResource again = neverAskedFor.then(() -> html("<p>same</p>", T0.plusSeconds(120)));

        assertThat(again.get()).isSameAs(shown);
        assertThat(neverAskedFor.ifRendered()).isNull();
        LazyResource changed = again.then(() -> html("<p>new</p>", T0.plusSeconds(180)));
        assertThat(changed.get().lastModified()).isEqualTo(T0.plusSeconds(180));
    }
}
