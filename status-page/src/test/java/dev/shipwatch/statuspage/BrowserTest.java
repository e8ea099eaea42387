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
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theHomePageShowsBannerComponentsIncidentAndUptimeBarsOnADesktopAndAPhone(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install -y chromium chromium-driver)");
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

            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
            } finally {
                browser.quit();
            }
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Path.of("target", "browser");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
