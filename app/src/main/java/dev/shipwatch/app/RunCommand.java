package dev.shipwatch.app;

import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Runs the monitor: schedules every target and serves the status page until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Platforms platforms = Platforms.builtIn();
        LoadedConfig loaded = config.loadAll(platforms);
        ShipwatchConfig cfg = loaded.config();
        Monitor monitor = new Monitor(cfg, loaded.statusPage(), loaded.alerting(), platforms, Monitor.DEFAULT_WORK_ROOT,
                Nodes.thisNode(), Clock.systemUTC()).reports(loaded.reports());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: tearing down running canaries");
            monitor.close();
            log.info("stopped");
            stopped.countDown();
        }, "shutdown"));
        try {
            monitor.start();
        } catch (Exception e) {
            log.error("the monitor could not start: {}", e.getMessage());
            log.debug("start-up failure", e);
            return ExitCodes.FAILED;
        }
        log.info("Shipwatch is up: {} target(s), status page on {}", cfg.targets().size(), monitor.pageUrl());
        stopped.await();
        return ExitCodes.OK;
    }
}
