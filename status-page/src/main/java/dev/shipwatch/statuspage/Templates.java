package dev.shipwatch.statuspage;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Thymeleaf templates under {@code statuspage/templates/} rendered to UTF-8 bytes. Rendering
 * happens once per refresh, never per request, so plain Thymeleaf (no Vert.x template engine)
 * is enough. Thread-safe.
 */
final class Templates {
    private final TemplateEngine engine = new TemplateEngine();

    Templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix("statuspage/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    byte[] render(String template, Map<String, Object> variables) {
        Context context = new Context(Locale.ENGLISH, variables);
        return engine.process(template, context).getBytes(StandardCharsets.UTF_8);
    }
}
