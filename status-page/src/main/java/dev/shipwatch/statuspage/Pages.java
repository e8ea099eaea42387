package dev.shipwatch.statuspage;

import java.time.Instant;
import java.util.Map;

/**
 * One complete, consistent set of rendered pages, swapped in as a whole by each refresh.
 *
 * @param byPath     every public resource by request path
 * @param notFound   the body of every 404
 * @param renderedAt when the store was last read for these pages
 */
record Pages(Map<String, Resource> byPath, Resource notFound, Instant renderedAt) {
    Pages {
        byPath = Map.copyOf(byPath);
    }

    Resource get(String path) {
        return byPath.get(path);
    }
}
