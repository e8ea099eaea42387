package dev.shipwatch.statuspage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One complete, consistent set of rendered pages, swapped in as a whole by each refresh.
 * Component pages and badges are kept in arrays by component index (a refresh copies two arrays
 * instead of building a map of every path); the rest by path.
 *
 * @param shared         every resource that is not a component page or badge, by request path
 * @param componentPages by component index; null until the first refresh
 * @param badges         by component index; null until the first refresh
 * @param indexById      component index by id
 * @param notFound       the body of every 404
 * @param renderedAt     when the store was last read for these pages
 */
record Pages(Map<String, Resource> shared, Resource[] componentPages, Resource[] badges, Map<String, Integer> indexById,
             Resource notFound, Instant renderedAt) {
    Pages {
        shared = Map.copyOf(shared);
        componentPages = componentPages.clone();
        badges = badges.clone();
    }

    /** The resource at this request path, or null. */
    Resource get(String path) {
        Resource r = shared.get(path);
        if (r != null) {
            return r;
        }
        String id = Links.componentOf(path);
        if (id != null) {
            Integer i = indexById.get(id);
            return i == null ? null : componentPages[i];
        }
        id = Links.badgeOf(path);
        if (id != null) {
            Integer i = indexById.get(id);
            return i == null ? null : badges[i];
        }
        return null;
    }

    /** Every resource by path (shared first, then each component's page and badge); built on each call. */
    Map<String, Resource> byPath() {
        Map<String, Resource> all = new LinkedHashMap<>(shared);
        indexById.forEach((id, i) -> {
            if (componentPages[i] != null) {
                all.put(Links.component(id), componentPages[i]);
                all.put(Links.badge(id), badges[i]);
            }
        });
        return all;
    }
}
