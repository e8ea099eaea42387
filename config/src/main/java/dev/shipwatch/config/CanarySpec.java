package dev.shipwatch.config;

import java.nio.file.Path;

/**
 * The canary a target deploys.
 *
 * @param path        the canary's source directory (relative paths resolve against the working directory)
 * @param outboundUrl the URL the canary calls on {@code /work/outbound}, or null to skip that call
 */
public record CanarySpec(Path path, String outboundUrl) {}
