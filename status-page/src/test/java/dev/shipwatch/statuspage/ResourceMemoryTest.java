package dev.shipwatch.statuspage;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages re-rendered again and again must not pile up off-heap memory that only a release would free. */
class ResourceMemoryTest {
    @Test
    void renderingAPageAThousandTimesHoldsNoNettyDirectMemory() {
        long before = PlatformDependent.usedDirectMemory();
        byte[] body = "<p>status</p>".repeat(8_000).getBytes(StandardCharsets.UTF_8); // ~100 KB, like a page
        for (int i = 0; i < 1_000; i++) {
            body[0] = (byte) ('a' + i % 26);
            Resource r = Resource.html(200, body, Instant.EPOCH);
            assertThat(r.wire().identity().length()).isEqualTo(body.length);
        }
        // Netty's own direct memory is freed only by release(), which pages never get: 100 MB
        // would stay allocated here. JDK direct buffers go with the garbage collector instead.
        assertThat(PlatformDependent.usedDirectMemory() - before).isLessThan(1_000_000);
    }
}
