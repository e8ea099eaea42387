package dev.shipwatch.statuspage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the pre-rendered pages to a folder, byte for byte what the server sends, so the page can
 * be hosted apart from the monitor (a CDN, an object store, nginx). Extension-less pages get
 * {@code .html} ({@code /components/api} → {@code components/api.html}); a server in front maps
 * them back, e.g. nginx {@code try_files $uri $uri.html =404}.
 */
public final class StaticExport {
    private StaticExport() {}

    /**
     * Writes every page of {@code page}'s current rendering under {@code dir} (created when
     * missing), plus {@code 404.html}; returns the files written by relative name.
     */
    public static Map<String, Integer> write(StatusPage page, Path dir) throws IOException {
        Pages pages = page.pages();
        Map<String, Integer> written = new TreeMap<>();
        for (Map.Entry<String, Resource> e : pages.byPath().entrySet()) {
            String file = fileFor(e.getKey());
            write(dir, file, e.getValue().identity());
            written.put(file, e.getValue().identity().length);
        }
        write(dir, "404.html", pages.notFound().identity());
        written.put("404.html", pages.notFound().identity().length);
        return written;
    }

    static String fileFor(String path) {
        if (path.equals("/")) {
            return "index.html";
        }
        String relative = path.substring(1);
        String last = relative.substring(relative.lastIndexOf('/') + 1);
        return last.contains(".") ? relative : relative + ".html";
    }

    private static void write(Path dir, String file, byte[] bytes) throws IOException {
        Path target = dir.resolve(file).normalize();
        if (!target.startsWith(dir.normalize())) {
            throw new IOException("refusing to write " + file + " outside " + dir);
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
    }
}
