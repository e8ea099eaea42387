package dev.shipwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What config validation needs to know about platforms, supplied by the prober's registry so
 * that config does not depend on platform code.
 */
public interface PlatformCatalog {
    /** The known {@code platform.type} values. */
    Set<String> types();

    /**
     * Problems in the settings of a platform of a known type, each phrased relative to the
     * {@code platform} block, e.g. {@code "host: \"ftp://x\" is not a unix:// or tcp:// URL"}
     * or {@code "unknown key \"hots\""}. Empty when the settings are fine.
     */
    List<String> validate(String type, Map<String, Object> settings);
}
