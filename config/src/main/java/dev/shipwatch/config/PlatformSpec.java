package dev.shipwatch.config;

import java.util.Map;

/**
 * The {@code platform:} block of a target: its type and the type's own settings (everything
 * but {@code type}, already interpolated). The platform implementation validates and reads
 * the settings; see {@link PlatformCatalog}.
 */
public record PlatformSpec(String type, Map<String, Object> settings) {
    public PlatformSpec {
        settings = Map.copyOf(settings);
    }
}
