/**
 * The canary client: waits for a deployed canary to report this run's nonce on {@code /health}
 * (cold start, on fresh connections), times the first request step by step with a per-call OkHttp
 * {@code EventListener}, measures warm requests on one kept-alive connection, and collects what
 * the canary measures inside the platform ({@code /work/*}). Failures come out as
 * {@code PhaseFailure}s with the failure class the runner records.
 */
package dev.shipwatch.prober.canary;
