/**
 * The {@code container} platform: the Docker Engine API through docker-java, served by Docker
 * and by Podman's compatible service alike. A run builds the canary image from the build
 * context in {@code canary.path} (tagged with the run id), starts it with the canary's
 * environment and a published port on the bind address, and removes container and image at
 * teardown. Everything carries {@code shipwatch.run}, {@code shipwatch.target} and
 * {@code shipwatch.owner} labels, by which teardown and the sweep find it.
 */
package dev.shipwatch.prober.platform.container;
