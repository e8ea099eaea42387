package dev.shipwatch.statuspage;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Thymeleaf templates under {@code statuspage/templates/} rendered to UTF-8 bytes: {@code .html}
 * in HTML mode, {@code .xml} (the Atom feed) in XML mode, both escaping every {@code th:text}.
 * Rendering happens when what a page shows changed, never per request, so plain Thymeleaf (no Vert.x template
 * engine) is enough. Thread-safe.
 */
final class Templates {
    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine xml = engine(TemplateMode.XML, ".xml");

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix("statuspage/templates/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    byte[] render(String template, Map<String, Object> variables) {
        return html.process(template, new Context(Locale.ENGLISH, variables)).getBytes(StandardCharsets.UTF_8);
    }

    /** Only the {@code th:fragment} named {@code fragment} of {@code template}. */
    byte[] renderFragment(String template, String fragment, Map<String, Object> variables) {
        return html.process(template, Set.of(fragment), new Context(Locale.ENGLISH, variables)).getBytes(StandardCharsets.UTF_8);
    }

    byte[] renderXml(String template, Map<String, Object> variables) {
        return xml.process(template, new Context(Locale.ENGLISH, variables)).getBytes(StandardCharsets.UTF_8);
    }
}
