package dev.shipwatch.prober.platform;

import java.net.URI;

/**
 * A running canary.
 *
 * @param baseUrl where the canary answers, e.g. {@code http://127.0.0.1:41234}
 * @param handle  the platform's id for it (a pid, a container id)
 */
public record Deployment(URI baseUrl, String handle) {}
