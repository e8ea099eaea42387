package dev.shipwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code shifts} column: a run's {@link FigureShift}s as a JSON array, written field by field
 * (the store's mapper has no java.time support, and the column's form should not follow the
 * record's accessor names by accident).
 */
final class ShiftsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShiftsJson() {}

    /** Null for none, so that runs without shifts store NULL. */
    static String write(List<FigureShift> shifts) {
        if (shifts.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        for (FigureShift s : shifts) {
            array.addObject()
                    .put("figure", s.figure().wire())
                    .put("factor", s.factor())
                    .put("since", s.since().toString())
                    .put("baseline_median", s.baselineMedian())
                    .put("recent_median", s.recentMedian())
                    .put("baseline_runs", s.baselineRuns())
                    .put("recent_runs", s.recentRuns());
        }
        return array.toString();
    }

    static List<FigureShift> read(String text, String runId) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            List<FigureShift> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(text)) {
                out.add(new FigureShift(LatencyFigure.fromWire(n.get("figure").asText()), n.get("factor").asDouble(),
                        Instant.parse(n.get("since").asText()), n.get("baseline_median").asDouble(),
                        n.get("recent_median").asDouble(), n.get("baseline_runs").asInt(), n.get("recent_runs").asInt()));
            }
            return List.copyOf(out);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("cannot read the figure shifts of run " + runId + ": " + e.getMessage(), e);
        }
    }
}
