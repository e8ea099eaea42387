package dev.shipwatch.config;

import java.util.regex.Pattern;

/**
 * This monitor process among the nodes sharing a database.
 *
 * @param location where it probes from ({@code SHIPWATCH_LOCATION}, else {@code node.location},
 *                 else {@value #DEFAULT_LOCATION}); the nodes of one location share the runs of
 *                 the targets listed there
 */
public record Node(String location) {
    public static final String DEFAULT_LOCATION = "default";
    public static final Node DEFAULT = new Node(DEFAULT_LOCATION);
    /** Location names: part of Quartz scheduler names ({@code shipwatch@eu-west}) and of the page's labels. */
    static final Pattern LOCATION = Pattern.compile("[a-z0-9-]+");
    static final int LOCATION_MAX = 63;
}
