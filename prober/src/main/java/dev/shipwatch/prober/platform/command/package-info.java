/**
 * The {@code command} platform: any platform with a CLI. The target's {@code build},
 * {@code deploy} and {@code teardown} shell steps run with the run's variables, each under its
 * phase's timeout (the whole process tree is killed when it passes), their output captured to
 * the run directory; the canary URL is read from the deploy step's stdout. Output tails appear
 * in failure messages with every secret ({@code env} values, the canary token) redacted.
 */
package dev.shipwatch.prober.platform.command;
