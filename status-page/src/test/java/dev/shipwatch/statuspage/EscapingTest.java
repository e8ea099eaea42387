package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Incident and maintenance text is plain text: attempts at markup come out escaped in HTML, Atom, JSON and SVG. */
class EscapingTest {
    private static final String NAME = "<script>alert('x')</script> & \"quoted\"";
    private static final String BODY = "<img src=x onerror=alert(1)>\nsecond line </p><iframe>";
    private static final String MAINTENANCE = "</title><script>alert(2)</script>";
    private static Vertx vertx;
    private PageHarness h;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void markupInNamesAndBodiesIsEscapedEverywhere() throws Exception {
        List<Target> targets = List.of(target("api", "<b>API</b>"));
        h = new PageHarness(vertx);
        h.add(success("api", 1));
        h.serve(new StatusPageConfig(List.of(), List.of(new ComponentSpec("api", "<b>API</b>", "<i>desc</i>", null)), false),
                targets, TOKEN);
        ObjectBuilder b = new ObjectBuilder();
        String id = h.adminOk("POST", "/api/admin/incidents", b.incident(), 201).path("id").asText();
        String mid = h.adminOk("POST", "/api/admin/maintenances", b.maintenance(), 201).path("id").asText();

        for (String path : List.of("/", "/incidents/" + id, "/incidents/" + mid, "/history", "/maintenance", "/components/api")) {
            String html = h.text(path);
            assertThat(html).as(path).doesNotContain("<script").doesNotContain("<img").doesNotContain("<iframe")
                    .doesNotContain("<b>API").doesNotContain("<i>desc");
        }
        assertThat(h.text("/incidents/" + id)).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("<meta name=\"description\" content=\"Incident on Example Status: "
                        + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;, with its updates.\">");

        byte[] atom = h.get("/feed.atom").body();
        assertThat(new String(atom, StandardCharsets.UTF_8)).doesNotContain("<script").doesNotContain("<img").doesNotContain("<iframe");
        Document feed = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(atom));
        assertThat(texts(feed.getElementsByTagName("title"))).contains(NAME, "Maintenance: " + MAINTENANCE);
        assertThat(texts(feed.getElementsByTagName("content"))).anySatisfy(c -> assertThat(c).contains(BODY));

        for (String path : List.of("/api/v2/incidents.json", "/api/v2/summary.json", "/api/v2/scheduled-maintenances.json",
                "/api/v2/components.json")) {
            String raw = new String(h.get(path).body(), StandardCharsets.UTF_8);
            assertThat(raw).as(path).doesNotContain("<").doesNotContain(">");
        }
        String raw = new String(h.get("/api/v2/incidents.json").body(), StandardCharsets.UTF_8);
        assertThat(raw).contains("\\u003Cscript\\u003E");
        JsonNode incident = PageHarness.JSON.readTree(raw).path("incidents").path(0);
        assertThat(incident.path("name").asText()).as("the text itself is unchanged").isEqualTo(NAME);
        assertThat(incident.path("incident_updates").path(0).path("body").asText()).isEqualTo(BODY);

        String badge = new String(h.get("/badge/api.svg").body(), StandardCharsets.UTF_8);
        assertThat(badge).contains("&lt;b&gt;API&lt;/b&gt;").doesNotContain("<b>");
        assertThat(h.get("/badge/api.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }

    @Test
    void charactersXml10CannotHoldAreReplacedSoTheFeedAndBadgesStayWellFormed() throws Exception {
        List<Target> targets = List.of(target("api", "API\u001b[31m\u0007"));
        h = new PageHarness(vertx);
        h.add(success("api", 1));
        h.serve(new StatusPageConfig(List.of(), List.of(new ComponentSpec("api", "API\u001b[31m\u0007", null, null)), false),
                targets, TOKEN);
        // written as JSON escapes: ESC, NUL, a lone surrogate and U+FFFE reach the server as characters
        h.adminOk("POST", "/api/admin/incidents",
                "{\"name\":\"Down\\u001b[2J \\ud800 \\ufffe\\u0000!\",\"body\":\"bell\\u0007\\nline\",\"impact\":\"minor\"}", 201);

        Document feed = parse(h.get("/feed.atom").body());
        assertThat(texts(feed.getElementsByTagName("title"))).contains("Down\uFFFD[2J \uFFFD \uFFFD\uFFFD!");
        assertThat(texts(feed.getElementsByTagName("content"))).anySatisfy(c -> assertThat(c).contains("bell\uFFFD\nline"));

        Document badge = parse(h.get("/badge/api.svg").body());
        assertThat(texts(badge.getElementsByTagName("title"))).containsExactly("API\uFFFD[31m\uFFFD: operational");
        assertThat(badge.getDocumentElement().getAttribute("aria-label")).isEqualTo("API\uFFFD[31m\uFFFD: operational");
    }

    /** A real XML parser: it refuses a document with any character XML 1.0 forbids. */
    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<String> texts(NodeList nodes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    /** The request bodies, built with Jackson so the attack strings are sent exactly. */
    private static final class ObjectBuilder {
        String incident() throws Exception {
            var o = PageHarness.JSON.createObjectNode();
            o.put("name", NAME);
            o.put("body", BODY);
            o.put("impact", "minor");
            o.putObject("components").put("api", "degraded_performance");
            return PageHarness.JSON.writeValueAsString(o);
        }

        String maintenance() throws Exception {
            var o = PageHarness.JSON.createObjectNode();
            o.put("name", MAINTENANCE);
            o.put("body", BODY);
            o.put("scheduled_for", "2026-07-02T10:00:00Z");
            o.put("scheduled_until", "2026-07-02T11:00:00Z");
            o.putArray("components").add("api");
            return PageHarness.JSON.writeValueAsString(o);
        }
    }
}
