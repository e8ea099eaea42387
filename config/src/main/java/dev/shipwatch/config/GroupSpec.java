package dev.shipwatch.config;

/**
 * A group of components, as Statuspage nests them.
 *
 * @param id          shares the namespace of component ids (Statuspage serves groups as components)
 * @param description or null
 */
public record GroupSpec(String id, String name, String description) {}
