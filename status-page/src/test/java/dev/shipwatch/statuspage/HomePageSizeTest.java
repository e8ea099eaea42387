package dev.shipwatch.statuspage;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The home page with many components: at most 1 KB per component, healthy groups collapsed,
 * and the stitched gzip copy decoded by a real client (curl) to the same bytes.
 */
class HomePageSizeTest {
    private static final Path CURL = Path.of("/usr/bin/curl");
    private static final int COMPONENTS = 1000;
    private static Vertx vertx;
    /** One page for both tests: seeding a thousand components through the store takes a while. */
    private static PageHarness h;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        h = seeded();
    }

    @AfterAll
    static void stop() {
        h.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * 50 groups of 20 components, each fed by one target: most ran on a few days of the 90 (up,
     * and down on some), one in ten failed on every other day for 30 days (more strokes than a bar
     * is likely to need), the last group's failing now.
     */
    private static PageHarness seeded() {
        PageHarness h = new PageHarness(vertx);
        List<Target> targets = new ArrayList<>();
        List<ComponentSpec> components = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        for (int g = 0; g < COMPONENTS / 20; g++) {
            groups.add(new GroupSpec("group-" + g, "Platform group " + g, null));
        }
        for (int i = 0; i < COMPONENTS; i++) {
            String name = String.format(Locale.ROOT, "target-%04d", i);
            targets.add(target(name, "Component " + i));
            components.add(new ComponentSpec("component-" + i, "Component " + i, "Deploys to platform " + i, "group-" + i / 20));
            if (i % 10 == 3) {
                for (int day = 30; day >= 1; day--) {
                    h.add(day % 2 == 0 ? success(name, day * 1440L)
                            : failed(name, day * 1440L, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
                }
            } else {
                for (int day : new int[] {80, 61, 30, 2}) {
                    h.add(day == 61 && i % 7 == 0 ? failed(name, day * 1440L, Phase.BUILD, FailureClass.BUILD_FAILED, "x")
                            : success(name, day * 1440L));
                }
            }
            h.add(i >= COMPONENTS - 20 ? failed(name, 1, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x") : success(name, 1));
        }
        h.serve(new StatusPageConfig(groups, components, false), targets, "");
        return h;
    }

    @Test
    void theHomePageStaysUnderAKilobytePerComponentWithHealthyGroupsCollapsed() throws Exception {
        HttpResponse<byte[]> home = h.get("/");
        String html = new String(home.body(), StandardCharsets.UTF_8);

        assertThat(home.body().length).as("bytes per component: " + home.body().length / COMPONENTS)
                .isLessThanOrEqualTo(COMPONENTS * 1024);
        assertThat(html.split("<details open", -1)).as("only the failing group starts open").hasSize(2);
        assertThat(html.split("<details>", -1)).hasSize(COMPONENTS / 20);
        assertThat(html).contains("<summary>20 components</summary>").doesNotContain("<rect ");
        assertThat(html.split("class=\"bar\"", -1)).as("every component still has its bar").hasSize(COMPONENTS + 1);
    }

    @Test
    void curlDecodesTheStitchedGzipToTheSameBytes() throws Exception {
        assumeTrue(Files.isExecutable(CURL), "curl is not installed at " + CURL);
        for (String path : List.of("/", "/api/v2/summary.json", "/api/v2/components.json")) {
            byte[] identity = h.get(path).body();
            // the body, then a line with the bytes curl downloaded (the gzip copy's length)
            Process curl = new ProcessBuilder(CURL.toString(), "-sS", "--compressed", "-w", "\n%{size_download}",
                    h.uri(path).toString()).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            curl.getInputStream().transferTo(out);
            String errors = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(path + ": " + errors).isZero();

            byte[] all = out.toByteArray();
            int newline = all.length - 1;
            while (all[newline] != '\n') {
                newline--;
            }
            long downloaded = Long.parseLong(new String(all, newline + 1, all.length - newline - 1, StandardCharsets.US_ASCII));
            assertThat(Arrays.copyOf(all, newline)).as(path + " decoded by curl").isEqualTo(identity);
            assertThat(downloaded).as(path + ": curl downloaded the gzip copy").isLessThan(identity.length / 4);
        }
    }
}
