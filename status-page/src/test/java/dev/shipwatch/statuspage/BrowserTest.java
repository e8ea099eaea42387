package dev.shipwatch.statuspage;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.Workload;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.degraded;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The home page in a real browser: Debian's headless Chromium (driven by Selenium through
 * Debian's chromedriver, never a downloaded one) loads {@code /} with seeded data at desktop and
 * phone widths and saves screenshots under {@code target/browser/}. Skipped, saying so, where
 * Chromium is not installed ({@code apt-get install -y chromium chromium-driver}).
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A phone (the narrowest width the pages are made for) and a desktop. */
    private static final List<Dimension> WIDTHS = List.of(new Dimension(390, 844), new Dimension(1280, 1000));
    private static Vertx vertx;
    /** One browser for the whole class: starting Chromium costs more than checking a page. */
    private static ChromeDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install -y chromium chromium-driver)");
        vertx = Vertx.vertx();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void theHomePageShowsBannerComponentsIncidentAndUptimeBarsOnADesktopAndAPhone() throws Exception {
        List<Target> targets = List.of(target("local-java", "Local deploys"), target("heroku-eu", "Heroku EU"));
        StatusPageConfig config = new StatusPageConfig(List.of(new GroupSpec("deploys", "Deploys", null)),
                List.of(new ComponentSpec("local", "Local deploys", "The JDK on this host", "deploys"),
                        new ComponentSpec("heroku", "Heroku EU", null, "deploys")), false);
        try (PageHarness h = new PageHarness(vertx)) {
            for (int day = 3; day >= 1; day--) {
                h.add(success("local-java", day * 1440L + 5)).add(success("local-java", day * 1440L));
            }
            h.add(success("local-java", 2)).add(failed("heroku-eu", 1, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
            h.serve(config, targets, TOKEN);
            h.adminOk("POST", "/api/admin/incidents", """
                    {"name": "Heroku deploys fail", "status": "identified", "impact": "major",
                     "body": "Releases stay pending.", "components": {"heroku": "major_outage"}}""", 201);

            browser.manage().window().setSize(new Dimension(1280, 1000));
            browser.get(h.uri("/").toString());

            assertThat(browser.findElement(By.cssSelector("p.banner")).getText()).contains("Major Service Outage");
            WebElement local = browser.findElement(By.id("local"));
            assertThat(local.findElement(By.cssSelector("h4 a")).getText()).isEqualTo("Local deploys");
            assertThat(local.findElement(By.cssSelector(".status")).getText()).contains("Operational");
            assertThat(browser.findElement(By.id("heroku")).findElement(By.cssSelector(".status")).getText())
                    .contains("Major outage");
            assertThat(browser.findElement(By.cssSelector("article.incident h3")).getText()).isEqualTo("Heroku deploys fail");
            assertThat(browser.findElement(By.cssSelector("article.incident .body")).getText()).isEqualTo("Releases stay pending.");
            assertThat(browser.findElement(By.cssSelector("#deploys details")).getAttribute("open"))
                    .as("a group with an outage is open").isNotNull();
            WebElement bar = local.findElement(By.cssSelector("svg.bar"));
            assertThat(bar.getSize().getWidth()).as("the bar is laid out").isGreaterThan(300);
            assertThat(bar.getAttribute("aria-label")).startsWith("Uptime over the last 90 days: 100% uptime");
            // the home page's compact bar: one dashed stroke per kind of day
            WebElement up = bar.findElement(By.cssSelector("path.c-ok"));
            assertThat(up.getCssValue("stroke-dasharray")).isEqualTo("0.8px, 0.2px");
            assertThat(up.getSize().getWidth()).as("4 days of 90").isBetween(bar.getSize().getWidth() * 3 / 90,
                    bar.getSize().getWidth() * 5 / 90);
            screenshot(browser, "home-desktop.png");

            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("nothing wider than a phone screen").isLessThanOrEqualTo(0);
            assertThat(browser.findElement(By.id("local")).findElement(By.cssSelector("svg.bar")).getSize().getWidth())
                    .isLessThan(390).isGreaterThan(200);
            screenshot(browser, "home-phone.png");

            // the day detail is on the component page: a cell per day, each with its figures
            browser.manage().window().setSize(new Dimension(1280, 1000));
            browser.get(h.uri("/components/local").toString());
            WebElement days = browser.findElement(By.cssSelector("svg.bar"));
            assertThat(days.findElements(By.tagName("rect"))).hasSize(90);
            assertThat(days.findElements(By.cssSelector("rect.c-ok"))).hasSize(4);
            assertThat(days.findElements(By.cssSelector("rect.c-none"))).hasSize(86);
            screenshot(browser, "component-desktop.png");
        }
    }

    /**
     * axe-core on every public HTML page, filled with data (a group, runs of every outcome with
     * figures from inside the platform, an active and a resolved incident, maintenance upcoming,
     * under way and past, report months), at a phone's and a desktop's width: no violation of any
     * rule axe runs by default. The wide tables on a phone scroll in a focusable, named region
     * with a visible hint, and every column can be scrolled into view.
     */
    @Test
    void everyPublicPageHasNoAxeViolationsOnAPhoneAndADesktop() throws Exception {
        List<Target> targets = List.of(target("local-java", "Local deploys"), target("heroku-eu", "Heroku EU"));
        StatusPageConfig config = new StatusPageConfig(List.of(new GroupSpec("deploys", "Deploys", null)),
                List.of(new ComponentSpec("local", "Local deploys", "The JDK on this host", "deploys"),
                        new ComponentSpec("heroku", "Heroku EU", "Europe", "deploys")), false);
        try (PageHarness h = new PageHarness(vertx).withReports()) {
            for (int day = 40; day >= 1; day--) { // June and July: two report months, a chart of 30 days
                h.add(success("local-java", day * 1440L + 5)).add(success("local-java", day * 1440L));
            }
            ProbeRun plain = success("local-java", 3);
            h.add(new ProbeRun(plain.id() + "-inside", plain.target(), plain.platform(), plain.component(),
                    plain.startedAt(), plain.finishedAt(), Outcome.SUCCESS, null, plain.phases(), plain.firstRequest(),
                    plain.warm(), new Workload(3962.4, 111.0, 25.5, new FsProfile(77_717.2, 484_961.0, 239.0, 40_218.0),
                    new OutboundTimings(4.2, 1.3, null, 15.0)), true, plain.canaryStartedAt(), List.of(),
                    List.of(new FigureShift(LatencyFigure.COLD_START, 2.345, NOW.minusSeconds(3 * 3600), 600.0, 1407.0, 2016, 12))));
            h.add(degraded("heroku-eu", 30)).add(failed("heroku-eu", 1, Phase.DEPLOY, FailureClass.DEPLOY_FAILED,
                    "release <pending> & stuck"));
            Incident active = h.db.db.incidents().create(new IncidentDraft("Heroku deploys fail", IncidentStatus.IDENTIFIED,
                    IncidentImpact.MAJOR, "Releases stay pending.", Map.of("heroku", ComponentState.MAJOR_OUTAGE), List.of(),
                    null), NOW.minusSeconds(600));
            Incident resolved = h.db.db.incidents().create(new IncidentDraft("June outage", IncidentStatus.RESOLVED,
                    IncidentImpact.MINOR, "Over.", Map.of("local", ComponentState.DEGRADED_PERFORMANCE), List.of(), null),
                    NOW.minus(Duration.ofDays(5)));
            h.db.db.maintenance().create(new MaintenanceDraft("Network work", "Brief blips.", NOW.plus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(1)).plusSeconds(3600), List.of("local")), NOW.minusSeconds(60));
            Maintenance running = h.db.db.maintenance().create(new MaintenanceDraft("Database upgrade", "Short write pauses.",
                    NOW.minusSeconds(60), NOW.plusSeconds(3600), List.of("heroku")), NOW);
            h.db.db.maintenance().create(new MaintenanceDraft("Router swap", "Done early.", NOW.minus(Duration.ofDays(3)),
                    NOW.minus(Duration.ofDays(3)).plusSeconds(1800), List.of("local")), NOW.minus(Duration.ofDays(4)));
            h.serve(config, targets, TOKEN);

            List<String> pages = List.of("/", "/components/local", "/components/heroku", "/incidents/" + active.id(),
                    "/incidents/" + resolved.id(), "/incidents/" + running.id(), "/history", "/history/2026-06",
                    "/maintenance", "/reports", "/reports/2026-06", "/reports/2026-07", "/no-such-page");
            String axe = axeScript();
            List<String> violations = new java.util.ArrayList<>();
            for (Dimension size : WIDTHS) {
                browser.manage().window().setSize(size);
                for (String path : pages) {
                    browser.get(h.uri(path).toString());
                    violations.addAll(axe(axe, size.getWidth() + " px " + path));
                }
            }
            assertThat(violations).as("axe-core violations (rule, impact: selectors)").isEmpty();

            // a phone: the wide tables scroll inside their own region, named, focusable, with a hint
            browser.manage().window().setSize(WIDTHS.get(0));
            for (String path : List.of("/components/heroku", "/reports/2026-06")) {
                browser.get(h.uri(path).toString());
                JavascriptExecutor js = browser;
                assertThat((Long) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                        .as(path + ": the page itself is no wider than the phone").isLessThanOrEqualTo(0);
                List<WebElement> regions = browser.findElements(By.cssSelector("main .scroll"));
                assertThat(regions).as(path).isNotEmpty();
                int scrolling = 0;
                for (WebElement region : regions) {
                    if (!region.isDisplayed()) {
                        continue; // inside a closed <details>
                    }
                    assertThat(region.getAttribute("tabindex")).as(path + ": a keyboard can scroll it").isEqualTo("0");
                    assertThat(region.getAttribute("role")).isEqualTo("region");
                    assertThat(region.getAttribute("aria-label")).as(path + ": its name").isNotBlank();
                    // scrolled to its end, the last column header is inside the region's visible box
                    Boolean lastVisible = (Boolean) js.executeScript("""
                            const r = arguments[0]; r.scrollLeft = r.scrollWidth;
                            const ths = r.querySelectorAll('thead th'); const last = ths[ths.length - 1].getBoundingClientRect();
                            const box = r.getBoundingClientRect();
                            return last.left >= box.left - 1 && last.right <= box.right + 1;""", region);
                    assertThat(lastVisible).as(path + ": the last column can be scrolled into view").isTrue();
                    if ((Boolean) js.executeScript("return arguments[0].scrollWidth > arguments[0].clientWidth;", region)) {
                        scrolling++;
                    }
                }
                assertThat(scrolling).as(path + ": wide tables scroll at 390 px").isPositive();
                WebElement hint = browser.findElement(By.cssSelector("main .scroll-hint"));
                assertThat(hint.isDisplayed()).as(path + ": the hint shows on a phone").isTrue();
                js.executeScript("const r = document.querySelector('main .scroll-hint'); r.scrollIntoView();"
                        + "r.nextElementSibling.scrollLeft = 0;");
                screenshot(browser, "phone" + path.replace('/', '-') + ".png");
            }
            browser.manage().window().setSize(WIDTHS.get(1));
            browser.get(h.uri("/components/heroku").toString());
            assertThat(browser.findElement(By.cssSelector("main .scroll-hint")).isDisplayed())
                    .as("no hint where the tables fit").isFalse();
        }
    }

    /** axe-core's own script, from the Deque jar (its Java API is not used: see docs/dependencies.md). */
    private static String axeScript() throws Exception {
        try (var in = BrowserTest.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            assertThat(in).as("axe.min.js on the test classpath (com.deque.html.axe-core:selenium)").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs axe-core on the loaded page (injected by the driver, which the page's CSP does not
     * govern); each violation as "where: rule (impact): selector, selector".
     */
    private static List<String> axe(String script, String where) throws Exception {
        browser.executeScript(script);
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.map(n => n.target.join(' '))})))))
                   .catch(e => done('axe failed: ' + e));""");
        String json = String.valueOf(result);
        assertThat(json).as(where).doesNotStartWith("axe failed");
        List<String> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode v : PageHarness.JSON.readTree(json)) {
            List<String> nodes = new java.util.ArrayList<>();
            v.get("nodes").forEach(n -> nodes.add(n.asText()));
            out.add(where + ": " + v.get("id").asText() + " (" + v.get("impact").asText() + "): " + String.join(", ", nodes));
        }
        return out;
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Path.of("target", "browser");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
