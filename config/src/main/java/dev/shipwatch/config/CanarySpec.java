package dev.shipwatch.config;

import java.nio.file.Path;

/**
 * The canary a target deploys.
 *
 * @param path        the canary's source directory (relative paths resolve against the working directory)
 * @param outboundUrl the URL the canary calls on {@code /work/outbound}, or null to skip that call
 * @param outboundCa  PEM certificates the canary trusts, instead of its runtime's CAs, for an https
 *                    {@code outboundUrl} (read from {@code canary.outbound-ca} when the config is loaded); null for the runtime's
 */
public record CanarySpec(Path path, String outboundUrl, String outboundCa) {
    /** A canary that trusts its runtime's CAs. */
    public CanarySpec(Path path, String outboundUrl) {
        this(path, outboundUrl, null);
    }
}
