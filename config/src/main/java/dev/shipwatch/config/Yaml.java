package dev.shipwatch.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** YAML text to a Jackson tree, with syntax problems named by line and column. */
final class Yaml {
    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    // SnakeYAML's default (3 Mi code points) is below the file limit
                    .loaderOptions(loaderOptions())
                    // an empty value is null, as YAMLMapper's own factory has it
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private Yaml() {}

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(ConfigLoader.MAX_FILE_BYTES);
        return options;
    }

    /**
     * The document's tree (an empty mapping for an empty document, {@code ---} alone included),
     * or null after adding the problems to {@code problems}. A first pass over the tokens finds
     * what a tree silently hides: every duplicate key (the tree keeps the last), aliases
     * (Jackson's tree turns {@code *x} into the string "x") and a second document (the tree is
     * the first one only).
     */
    static JsonNode read(String text, List<String> problems) {
        int before = problems.size();
        try (JsonParser p = MAPPER.createParser(text)) {
            Deque<Set<String>> keys = new ArrayDeque<>();
            int depth = 0;
            boolean first = true;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (depth == 0 && !first) {
                    // the parser streams every document's tokens: a second value at the root is a second document
                    problems.add(at(p) + "a second YAML document (after \"---\"); a config file holds one document");
                    break;
                }
                first = false;
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                if (t == JsonToken.START_OBJECT) {
                    keys.push(new HashSet<>());
                } else if (t == JsonToken.END_OBJECT) {
                    keys.pop();
                } else if (t == JsonToken.FIELD_NAME && !keys.element().add(p.currentName())) {
                    problems.add(at(p) + "duplicate key " + Context.quote(p.currentName()));
                } else if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    problems.add(at(p) + "aliases (*" + p.getText() + ") are not supported; repeat the value");
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(syntax(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e);
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            return tree == null || tree.isMissingNode() || tree.isNull() ? MAPPER.createObjectNode() : tree;
        } catch (JsonProcessingException e) {
            problems.add(syntax(e));
            return null;
        }
    }

    private static String at(JsonParser p) {
        var loc = p.currentTokenLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }

    /** SnakeYAML's own marks are exact; Jackson's location sometimes points at the enclosing token. */
    private static String syntax(JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String line = mark(m.getProblemMark()) + ": " + m.getProblem();
                if (m.getContext() != null && m.getContextMark() != null) {
                    line += " (" + m.getContext() + " at " + mark(m.getContextMark()) + ")";
                }
                return line;
            }
        }
        var loc = e.getLocation();
        String first = e.getOriginalMessage().lines().findFirst().orElse("unreadable YAML");
        return loc == null ? first : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + first;
    }

    private static String mark(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }
}
