package dev.shipwatch.config;

/**
 * A status page component: what targets feed (by {@link Target#component()}, which is its name).
 *
 * @param id          stable id in URLs and JSON: {@code id:} from config, else {@link StatusPageConfig#slug} of the name
 * @param description shown under the name and in JSON, or null
 * @param groupId     the id of its group, or null
 */
public record ComponentSpec(String id, String name, String description, String groupId) {}
