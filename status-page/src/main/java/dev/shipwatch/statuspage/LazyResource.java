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
    /** Renders the resource; cleared once rendered. Guarded by {@code this}. */
    private Supplier<Resource> render;
    /** The latest resource rendered before this one, for {@link Resource#since}; cleared once rendered. */
    private volatile Resource before;
    /** Written once, under {@code this}; read without it (the event loop never waits for a render). */
    private volatile Resource resource;

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
     * bytes as the latest rendered (holding no chain of resources never asked for). Does not wait
     * for a render of this one in progress (the refresher must not): then it compares with the
     * one rendered before.
     */
    LazyResource then(Supplier<Resource> next) {
        Resource rendered = resource;
        return new LazyResource(next, rendered != null ? rendered : before);
    }

    /** The resource, rendering it now if it was not yet (once: a second caller waits for the first). */
    Resource get() {
        Resource r = resource;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (resource == null) {
                resource = render.get().since(before);
                render = null;
                before = null;
            }
            return resource;
        }
    }

    /** The resource if it was rendered, else null (without rendering it or waiting for a render). */
    Resource ifRendered() {
        return resource;
    }
}
