package dev.shipwatch.prober.platform;

/** What a build produced, in the platform's own terms (a directory, an image id, a release id). */
public record Artifact(String ref) {}
