package dev.shipwatch.statuspage;

import java.util.function.Supplier;

/**
 * A resource rendered when it is first asked for, then kept. For component pages: each run of a
 * component makes its page anew, and most are never requested before the next run (rendering
 * every one was a tenth of the monitor's CPU at 10,000 targets, and their bytes some 70 MB).
 * What it renders from must be immutable: it may render long after the refresh that made it,
 * on a request's worker thread. Thread-safe.
 */
final class LazyResource {
    private Supplier<Resource> render;
    /** The latest resource rendered before this one, for {@link Resource#since}; cleared once rendered. */
    private Resource before;
    private Resource resource;

    private LazyResource(Supplier<Resource> render, Resource before) {
        this.render = render;
        this.before = before;
    }

    /** A first resource, rendered when asked for. */
    static LazyResource of(Supplier<Resource> render) {
        return new LazyResource(render, null);
    }

    /**
     * The resource that replaces this one: keeps this one's Last-Modified if it renders the same
     * bytes as the latest rendered (holding no chain of resources never asked for).
     */
    synchronized LazyResource then(Supplier<Resource> next) {
        return new LazyResource(next, resource != null ? resource : before);
    }

    /** The resource, rendering it now if it was not yet. */
    synchronized Resource get() {
        if (resource == null) {
            resource = render.get().since(before);
            render = null;
            before = null;
        }
        return resource;
    }

    /** The resource if it was rendered, else null (without rendering it). */
    synchronized Resource ifRendered() {
        return resource;
    }
}
