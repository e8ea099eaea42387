package dev.shipwatch.statuspage;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Pre-rendered bodies: held once, off-heap, and freed with the page that held them. */
class ResourceTest {
    private static byte[] page(int i) {
        return ("<!DOCTYPE html><title>" + i + "</title><style>p{}</style>" + "<p>component</p>".repeat(5000))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodiesAreNotTakenFromNettysMemoryWhichOnlyAReleaseWouldFree() {
        long before = PlatformDependent.usedDirectMemory();
        for (int i = 0; i < 50; i++) {
            Resource.html(200, page(i), Instant.EPOCH);
            Resource.compressedHtml(page(i), Instant.EPOCH);
        }
        // Netty counts what its allocator hands out without a cleaner; bodies are never released
        // (every request writes a slice), so anything counted here would leak with each refresh.
        assertThat(PlatformDependent.usedDirectMemory()).isEqualTo(before);
    }

    @Test
    void aPageKeptOnlyCompressedStillAnswersWithItsIdentityBody() {
        byte[] body = page(1);
        Resource r = Resource.compressedHtml(body, Instant.EPOCH);

        assertThat(r.identity()).isEqualTo(body);
        assertThat(r.wire().identity().getBytes()).isEqualTo(body);
        assertThat(r.wire().identityLength().toString()).isEqualTo(Integer.toString(body.length));
        assertThat(r.gzip().length).isLessThan(body.length / 10);
    }
}
