package dev.shipwatch.config;

import java.time.ZoneId;

/** The public face of the status page: its name, public URL and display time zone. */
public record Site(String name, String url, ZoneId timeZone) {}
