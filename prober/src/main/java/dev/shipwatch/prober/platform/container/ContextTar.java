package dev.shipwatch.prober.platform.container;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A build context as the uncompressed tar the engine's build endpoint takes. docker-java's own
 * packing gzips the context, which costs seconds of CPU for a 50 MB runtime and would be counted
 * as the platform's build time; an engine on the same machine gains nothing from compression.
 * Honours {@code .dockerignore} glob lines (no {@code !} exceptions).
 */
final class ContextTar {
    private ContextTar() {}

    static void write(Path context, OutputStream out) throws IOException {
        List<PathMatcher> ignored = ignores(context);
        try (var tar = new TarArchiveOutputStream(new BufferedOutputStream(out, 1 << 16));
             Stream<Path> walk = Files.walk(context)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : walk.sorted().toList()) {
                if (p.equals(context)) {
                    continue;
                }
                Path relative = context.relativize(p);
                if (isIgnored(relative, ignored)) {
                    continue;
                }
                String name = relative.toString().replace('\\', '/');
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(p)) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(p).toString());
                } else {
                    entry = new TarArchiveEntry(p.toFile(), name);
                    // Keep the executable bits: a runtime's bin/java must stay runnable in the image.
                    entry.setMode((Files.isDirectory(p) ? 040000 : 0100000) | permissions(p));
                }
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static boolean isIgnored(Path relative, List<PathMatcher> ignored) {
        for (Path p = relative; p != null; p = p.getParent()) {
            for (PathMatcher m : ignored) {
                if (m.matches(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<PathMatcher> ignores(Path context) throws IOException {
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
                .map(l -> l.startsWith("/") ? l.substring(1) : l)
                .map(l -> FileSystems.getDefault().getPathMatcher("glob:" + l))
                .toList();
    }

    private static int permissions(Path p) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException notPosix) {
            return Files.isDirectory(p) || Files.isExecutable(p) ? 0755 : 0644;
        }
        int mode = 0;
        for (PosixFilePermission perm : perms) {
            mode |= 1 << (8 - perm.ordinal()); // OWNER_READ is ordinal 0 = 0400 … OTHERS_EXECUTE is 8 = 0001
        }
        return mode;
    }
}
