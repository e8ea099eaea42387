package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.ControlCharacters;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.store.ClusterStore;
import dev.shipwatch.store.Database;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "nodes", description = "Lists the nodes sharing the config's database: alive or not, location, host, last check-in, runs in the last 10 minutes.")
final class NodesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOption config;
    @Option(names = "--json", description = "print one JSON object on stdout: {\"members\":[…]}, each member as in /health")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ShipwatchConfig cfg = config.load(Platforms.builtIn());
        List<Map<String, Object>> members = new ArrayList<>();
        try (Database db = Database.open(cfg.storage())) {
            Instant now = Instant.now();
            Map<String, Long> runs = db.cluster().runsByNode(now.minus(Cluster.RECENT));
            for (ClusterStore.Member m : db.cluster().members()) {
                members.add(Cluster.describe(m, now, runs.getOrDefault(m.node(), 0L)));
            }
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("members", members);
            out.println(JSON.writeValueAsString(o));
        } else if (members.isEmpty()) {
            out.println("No node has run on this database yet.");
        } else {
            out.printf("%-24s %-6s %-12s %-24s %-24s %s%n", "node", "alive", "location", "host", "last check-in", "runs (10 min)");
            for (Map<String, Object> m : members) {
                Object checkIn = m.get("last_check_in") != null ? m.get("last_check_in") : "- (beat " + m.get("heartbeat_at") + ")";
                out.printf("%-24s %-6s %-12s %-24s %-24s %d%n", shown(m.get("node")), (boolean) m.get("alive") ? "yes" : "no",
                        shown(m.get("location")), shown(m.get("host")), shown(checkIn), (long) m.get("runs_last_10m"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Names come from the database (any node's environment): never raw control characters on a terminal. */
    private static String shown(Object value) {
        return value == null ? "-" : ControlCharacters.visible(value.toString());
    }
}
