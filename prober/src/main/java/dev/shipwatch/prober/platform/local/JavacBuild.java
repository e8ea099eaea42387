package dev.shipwatch.prober.platform.local;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.store.FailureClass;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a canary's sources with the JDK's in-process compiler and finds its main class. */
final class JavacBuild {
    /** The class the canary contract names; preferred when several classes have a main method. */
    static final String DEFAULT_MAIN = "Canary";
    private static final int MAX_DIAGNOSTICS = 3;

    private JavacBuild() {}

    /**
     * Compiles every {@code *.java} under {@code sourceDir} into {@code classesDir} and returns
     * the binary name of the main class.
     *
     * @throws InterruptedException when the thread is interrupted; checked between compiler stages
     */
    static String compile(Path sourceDir, Path classesDir) throws PhaseFailure, InterruptedException {
        List<Path> sources = sources(sourceDir);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED,
                    "no Java compiler in the monitor's runtime " + System.getProperty("java.home") + " (a JRE, not a JDK)");
        }
        try {
            Files.createDirectories(classesDir);
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot create " + classesDir + ": " + e.getMessage(), e);
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        var otherOutput = new StringWriter();
        var mains = new ArrayList<String>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classesDir.toString(), "--release", "17",
                    "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none", "-encoding", "UTF-8");
            var task = (JavacTask) javac.getTask(otherOutput, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources));
            task.addTaskListener(new Watcher(task, mains));
            checkInterrupted();
            boolean ok;
            try {
                ok = task.call();
            } catch (RuntimeException e) {
                if (hasCause(e, Interrupted.class)) {
                    throw new InterruptedException("build interrupted");
                }
                throw e;
            }
            checkInterrupted();
            if (!ok) {
                throw new PhaseFailure(FailureClass.BUILD_FAILED, errors(diagnostics, otherOutput, sourceDir));
            }
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "compiler file manager failed: " + e.getMessage(), e);
        }
        return mainClass(mains, sourceDir);
    }

    private static List<Path> sources(Path sourceDir) throws PhaseFailure {
        if (!Files.isDirectory(sourceDir)) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "canary source directory " + sourceDir + " does not exist");
        }
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            List<Path> sources = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
            if (sources.isEmpty()) {
                throw new PhaseFailure(FailureClass.BUILD_FAILED, "no .java files in canary source directory " + sourceDir);
            }
            return sources;
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot list canary sources in " + sourceDir + ": " + e.getMessage(), e);
        }
    }

    private static String mainClass(List<String> mains, Path sourceDir) throws PhaseFailure {
        if (mains.contains(DEFAULT_MAIN) || mains.size() == 1) {
            return mains.contains(DEFAULT_MAIN) ? DEFAULT_MAIN : mains.get(0);
        }
        if (mains.isEmpty()) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "no class with a main method in " + sourceDir);
        }
        throw new PhaseFailure(FailureClass.BUILD_FAILED, "no class " + DEFAULT_MAIN + " and several classes with a main method in "
                + sourceDir + ": " + String.join(", ", mains));
    }

    /** The first few errors in javac's own form ({@code Canary.java:12: error: ';' expected}), paths relative to the source dir. */
    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics, StringWriter otherOutput, Path sourceDir) {
        List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        if (errors.isEmpty()) {
            String other = otherOutput.toString().strip();
            return other.isEmpty() ? "compilation failed" : shorten(other, sourceDir);
        }
        String shown = errors.stream().limit(MAX_DIAGNOSTICS).map(d -> {
            String where = d.getSource() == null ? "" : relative(d.getSource(), sourceDir)
                    + (d.getLineNumber() > 0 ? ":" + d.getLineNumber() : "") + ": ";
            // javac's multi-line messages ("cannot find symbol\n  symbol: ...") read well on one line.
            String message = d.getMessage(Locale.ROOT).lines().map(String::strip).filter(l -> !l.isEmpty())
                    .collect(Collectors.joining("; "));
            return where + "error: " + message;
        }).collect(Collectors.joining("\n"));
        int more = errors.size() - MAX_DIAGNOSTICS;
        return shorten(shown + (more > 0 ? "\n(" + more + " more error" + (more > 1 ? "s" : "") + ")" : ""), sourceDir);
    }

    private static String relative(JavaFileObject source, Path sourceDir) {
        try {
            Path file = Path.of(source.toUri());
            Path dir = sourceDir.toAbsolutePath().normalize();
            return file.startsWith(dir) ? dir.relativize(file).toString() : file.getFileName().toString();
        } catch (RuntimeException notAFile) {
            return source.getName();
        }
    }

    private static String shorten(String message, Path sourceDir) {
        return message.replace(sourceDir.toAbsolutePath().normalize() + "/", "");
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("build interrupted");
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Thrown from the task listener to stop javac, which has no cancel of its own. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("build interrupted", null, false, false);
        }
    }

    /** Stops javac between stages when the thread is interrupted, and collects classes with a main method. */
    private static final class Watcher implements TaskListener {
        private final JavacTask task;
        private final List<String> mains;

        Watcher(JavacTask task, List<String> mains) {
            this.task = task;
            this.mains = mains;
        }

        @Override
        public void started(TaskEvent e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Interrupted();
            }
        }

        @Override
        public void finished(TaskEvent e) {
            if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null && hasMain(e.getTypeElement())) {
                mains.add(task.getElements().getBinaryName(e.getTypeElement()).toString());
            }
            started(e);
        }

        private static boolean hasMain(TypeElement type) {
            for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
                if (m.getSimpleName().contentEquals("main")
                        && m.getModifiers().containsAll(List.of(Modifier.PUBLIC, Modifier.STATIC))
                        && m.getParameters().size() == 1
                        && m.getParameters().get(0).asType() instanceof ArrayType array
                        && array.getComponentType().getKind() == TypeKind.DECLARED
                        && array.getComponentType().toString().equals("java.lang.String")) {
                    return true;
                }
            }
            return false;
        }
    }
}
