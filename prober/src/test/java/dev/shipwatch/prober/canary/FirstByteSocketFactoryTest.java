package dev.shipwatch.prober.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class FirstByteSocketFactoryTest {

    @Test
    void theSocketTimesFromTheRequestLeavingToTheFirstByteOfTheAnswer() throws Exception {
        FirstByteSocketFactory sockets = new FirstByteSocketFactory();
        OkHttpClient okhttp = new OkHttpClient.Builder()
                .socketFactory(sockets)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
        try (TestServer slow = TestServer.start(ex -> {
            try {
                Thread.sleep(80); // the injected server think time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestServer.respond(ex, 200, "hello");
        })) {
            assertThat(sockets.ttfbMs()).as("nothing sent yet").isNull();

            try (Response r = okhttp.newCall(new Request.Builder().url(slow.base().toString()).build()).execute()) {
                assertThat(r.body().string()).isEqualTo("hello");
            }

            // At least the injected delay; accuracy is bench/timing-accuracy's job, not a unit test's.
            assertThat(sockets.ttfbMs()).isGreaterThanOrEqualTo(80.0).isLessThan(1000.0);
        } finally {
            okhttp.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void onAKeptAliveConnectionEachExchangeIsTimedFromItsFirstWriteToItsLastReadAndNotTheClientsWorkAroundIt() throws Exception {
        FirstByteSocketFactory sockets = new FirstByteSocketFactory();
        OkHttpClient okhttp = new OkHttpClient.Builder()
                .socketFactory(sockets)
                // the client's own slowness before the request leaves: not the server's latency
                .addInterceptor(chain -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        try (TestServer slow = TestServer.start(ex -> {
            try {
                Thread.sleep(40); // the injected server think time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestServer.respond(ex, 200, "hello");
        })) {
            assertThat(sockets.exchangeMs()).as("nothing sent yet").isNull();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                try (Response r = okhttp.newCall(new Request.Builder().url(slow.base().toString()).build()).execute()) {
                    assertThat(r.body().string()).isEqualTo("hello");
                }
                double callMs = (System.nanoTime() - start) / 1e6;

                assertThat(sockets.exchangeMs()).isGreaterThanOrEqualTo(40.0).isLessThan(callMs - 150);
            }
            assertThat(slow.connections()).as("one kept-alive connection").isEqualTo(1);
        } finally {
            okhttp.dispatcher().executorService().shutdown();
        }
    }
}
