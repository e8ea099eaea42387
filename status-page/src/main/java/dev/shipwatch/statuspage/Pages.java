package dev.shipwatch.statuspage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One complete, consistent set of rendered pages, swapped in as a whole by each refresh.
 * Component pages and badges are kept in arrays by component index (a refresh copies two arrays
 * instead of building a map of every path); the rest by path. A component page is rendered when
 * first asked for ({@link LazyResource}), and so is a badge: {@link #get} renders it on the
 * caller's thread, so the server asks {@link #ready} first and renders the others off the event loop.
 *
 * @param shared         every resource that is not a component page or badge, by request path
 * @param componentPages by component index; null until the first refresh
 * @param badges         by component index; null until the first refresh
 * @param indexById      component index by id
 * @param notFound       the body of every 404
 * @param renderedAt     when the store was last read for these pages
 */
record Pages(Map<String, Resource> shared, LazyResource[] componentPages, LazyResource[] badges, Map<String, Integer> indexById,
             Resource notFound, Instant renderedAt) {
    Pages {
        shared = Map.copyOf(shared);
        componentPages = componentPages.clone();
        badges = badges.clone();
    }

    /** The resource at this request path, or null; renders a component's page or badge not rendered yet. */
    Resource get(String path) {
        Resource r = shared.get(path);
        if (r != null) {
            return r;
        }
        LazyResource lazy = lazy(path);
        return lazy == null ? null : lazy.get();
    }

    /** The resource at this request path if it is rendered; null for no resource and for a component's page or badge not rendered yet. */
    Resource ready(String path) {
        Resource r = shared.get(path);
        if (r != null) {
            return r;
        }
        LazyResource lazy = lazy(path);
        return lazy == null ? null : lazy.ifRendered();
    }

    /** The component's page or badge at this request path, rendered or not; null when the path is neither. */
    LazyResource lazy(String path) {
        String id = Links.componentOf(path);
        LazyResource[] of = componentPages;
        if (id == null) {
            id = Links.badgeOf(path);
            of = badges;
        }
        Integer i = id == null ? null : indexById.get(id);
        return i == null ? null : of[i];
    }

    /** Every resource by path (shared first, then each component's page and badge), rendering every one; built on each call. */
    Map<String, Resource> byPath() {
        Map<String, Resource> all = new LinkedHashMap<>(shared);
        indexById.forEach((id, i) -> {
            if (componentPages[i] != null) {
                all.put(Links.component(id), componentPages[i].get());
                all.put(Links.badge(id), badges[i].get());
            }
        });
        return all;
    }
}
