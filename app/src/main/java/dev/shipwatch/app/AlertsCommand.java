package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.OutboxCounts;
import dev.shipwatch.store.OutboxEntry;
import dev.shipwatch.store.OutboxStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "alerts", description = "Lists the open alerts and the alert outbox (pending, failed, sent).")
final class AlertsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOption config;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "events listed per outbox status (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--json", description = "print one JSON object on stdout: open alerts, outbox counts, and the latest N events per status")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit < 0) {
            err.println("--limit must not be negative, got " + limit);
            return ExitCodes.USAGE;
        }
        ShipwatchConfig cfg = config.load(Platforms.builtIn());
        try (Database db = Database.open(cfg.storage())) {
            AlertStore alerts = AlertStore.of(db);
            if (json) {
                out.println(json(alerts));
                out.flush();
                return ExitCodes.OK;
            }
            List<AlertState> open = alerts.open();
            out.printf("Open alerts: %d%n", open.size());
            for (AlertState a : open) {
                out.printf("  %-40s %-8s since %s  %s%n", a.dedupKey(), a.severity(), a.openedAt(), a.summary());
            }
            OutboxCounts c = alerts.counts();
            out.printf("%nOutbox: %d pending, %d failed, %d sent%n", c.pending(), c.failed(), c.sent());
            section(out, "pending", alerts.outbox(OutboxStatus.PENDING, limit));
            section(out, "failed (rejected, not retried)", alerts.outbox(OutboxStatus.FAILED, limit));
            section(out, "sent", alerts.outbox(OutboxStatus.SENT, limit));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The same as the text, as JSON; field names are a public contract (README). Event payloads are left out. */
    private String json(AlertStore alerts) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode open = o.putArray("open");
        for (AlertState a : alerts.open()) {
            open.addObject().put("dedup_key", a.dedupKey()).put("kind", a.kind()).put("subject", a.subject())
                    .put("severity", a.severity()).put("opened_at", text(a.openedAt())).put("summary", a.summary());
        }
        OutboxCounts c = alerts.counts();
        o.putObject("outbox").put("pending", c.pending()).put("failed", c.failed()).put("sent", c.sent());
        for (OutboxStatus status : OutboxStatus.values()) {
            ArrayNode list = o.putArray(status.name().toLowerCase(Locale.ROOT));
            for (OutboxEntry e : alerts.outbox(status, limit)) {
                list.addObject().put("id", e.id()).put("dedup_key", e.dedupKey()).put("action", e.action())
                        .put("created_at", text(e.createdAt())).put("attempts", e.attempts())
                        .put("next_attempt_at", text(e.nextAttemptAt())).put("sent_at", text(e.sentAt()))
                        .put("last_error", e.lastError());
            }
        }
        return o.toString();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static void section(PrintWriter out, String title, List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        out.printf("%n  %s (newest first):%n", title);
        for (OutboxEntry e : entries) {
            String when = switch (e.status()) {
                case SENT -> "sent " + e.sentAt();
                case PENDING -> "next try " + e.nextAttemptAt();
                case FAILED -> "written " + e.createdAt();
            };
            out.printf("  #%-6d %-8s %-40s attempts %d  %s%s%n", e.id(), e.action(), e.dedupKey(), e.attempts(), when,
                    e.lastError() == null ? "" : "  last error: " + e.lastError());
        }
    }
}
