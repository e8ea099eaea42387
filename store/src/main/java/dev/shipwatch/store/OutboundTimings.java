package dev.shipwatch.store;

/**
 * The canary's call to {@code CANARY_OUTBOUND_URL} from inside the platform, by phase
 * (milliseconds; null where the phase did not happen: no DNS for an IP literal, no TLS for plain
 * HTTP, or nothing measured). "4 s before the request" shows as the phase it was spent in.
 *
 * @param ttfbMs from the request written to the first byte of the answer
 */
public record OutboundTimings(Double dnsMs, Double connectMs, Double tlsMs, Double ttfbMs) {
    public static final OutboundTimings NONE = new OutboundTimings(null, null, null, null);
}
