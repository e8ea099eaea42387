package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository carries what it cites: every docs/ file and trap the sources name exists, and nothing points outside. */
class DocsCitationsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DOC = Pattern.compile("docs/([a-z0-9-]+\\.md)");
    private static final Pattern TRAP = Pattern.compile("docs/dependencies\\.md, trap (\\d+)");
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|shared/(CONTRACTS|DESIGN|DEPENDENCIES|STYLE)|\\b(CONTRACTS|DESIGN|DEPENDENCIES)\\.md");

    /** Every text file of the repository but build output and VCS data, with its text. */
    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(REPO)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = REPO.relativize(p).toString();
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.startsWith("data/") && !rel.contains("/data/") && !rel.contains("/context/")
                                && !rel.endsWith(".json");
                    })
                    .forEach(p -> {
                        try {
                            files.put(REPO.relativize(p), Files.readString(p));
                        } catch (MalformedInputException binary) {
                            // not text
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return files;
    }

    @Test
    void nothingPointsAtDocumentsOutsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        sources().forEach((file, text) -> {
            if (!file.toString().equals("app/src/test/java/dev/shipwatch/app/DocsCitationsTest.java")) {
                Matcher m = OUTSIDE.matcher(text);
                while (m.find()) {
                    outside.add(file + ": " + m.group());
                }
            }
        });
        assertThat(outside).isEmpty();
    }

    @Test
    void everyCitedDocumentAndTrapExists() throws IOException {
        String traps = Files.readString(REPO.resolve("docs/dependencies.md"));
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (Map.Entry<Path, String> e : sources().entrySet()) {
            Matcher doc = DOC.matcher(e.getValue());
            while (doc.find()) {
                cited++;
                if (!Files.isRegularFile(REPO.resolve("docs").resolve(doc.group(1)))) {
                    missing.add(e.getKey() + ": " + doc.group());
                }
            }
            Matcher trap = TRAP.matcher(e.getValue());
            while (trap.find()) {
                if (!Pattern.compile("(?m)^" + trap.group(1) + "\\. \\*\\*").matcher(traps).find()) {
                    missing.add(e.getKey() + ": " + trap.group());
                }
            }
        }
        assertThat(cited).as("citations found (the walk works)").isGreaterThan(10);
        assertThat(missing).isEmpty();
    }
}
