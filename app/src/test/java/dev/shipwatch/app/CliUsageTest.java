package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Help, usage and typos: what a new user meets first. */
class CliUsageTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static List<String> subcommands() {
        return List.copyOf(Main.commandLine().getSubcommands().keySet());
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("subcommands")
    void everySubcommandsLongHelpExitsZeroWithoutAskingForItsConfig(String command) {
        int code = run(command, "--help");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: shipwatch " + command).contains("Exit codes:");
    }

    @ParameterizedTest(name = "{0} -h")
    @MethodSource("subcommands")
    void everySubcommandsShortHelpExitsZero(String command) {
        int code = run(command, "-h");

        assertThat(err.toString()).doesNotContain("Missing required option");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: shipwatch " + command);
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodesWithoutAPicocliWarning() throws Exception {
        // picocli's warnings go to the process's own stderr, not to the command line's writer: a child JVM.
        Process p = TestMonitors.child(dir, Map.of(), "--help");

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(dir.resolve("child.out"));
        String stderr = Files.readString(dir.resolve("child.log"));
        assertThat(p.exitValue()).isZero();
        assertThat(stderr).doesNotContain("picocli WARN").isEmpty();
        assertThat(stdout).contains("compare", "success %,", "help", "validate", "probe")
                .containsPattern("Exit codes:\\s+0\\s+success")
                .containsPattern("\\n\\s+1\\s+failed")
                .containsPattern("\\n\\s+2\\s+bad config or bad usage");
    }

    @Test
    void theHelpCommandShowsACommandsUsage() {
        int code = run("help", "probe");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: shipwatch probe").contains("--target").contains("--json");
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSaysWhatWasMeant() {
        int code = run("valdate", "--config", "x.yml");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument").contains("Did you mean").contains("validate")
                .doesNotContain("Usage:");
    }

    @Test
    void aMistypedOptionSaysWhatWasMeantToo() {
        int code = run("probe", "--config", "x.yml", "--targt", "local-java");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--targt'").contains("Possible solutions: --target")
                .doesNotContain("Missing required option");
    }
}
