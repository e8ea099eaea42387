package dev.shipwatch.app;

import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "run", description = "Runs the monitor: schedules every target and serves the status page until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    /** A stop that takes longer than this (a teardown stuck past its own timeout) ends the process anyway. */
    static final Duration STOP_BACKSTOP = Duration.ofMinutes(10);

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
        // SIGTERM and Ctrl-C stop the monitor on this thread, which then exits with 0: a stop is
        // not a failure (service managers read 143 as one). The hook covers any other exit.
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stop.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(monitor::close, "shutdown"));
        try {
            monitor.start();
        } catch (Exception e) {
            log.error("the monitor could not start: {}", e.getMessage());
            log.debug("start-up failure", e);
            monitor.close();
            return ExitCodes.FAILED;
        }
        log.info("Shipwatch is up: {} target(s), status page on {}", cfg.targets().size(), monitor.pageUrl());
        stop.await();
        log.info("stopping: tearing down running canaries");
        Thread backstop = new Thread(() -> {
            try {
                Thread.sleep(STOP_BACKSTOP.toMillis());
                log.error("the stop did not finish within {} min: exiting anyway", STOP_BACKSTOP.toMinutes());
                Runtime.getRuntime().halt(ExitCodes.FAILED);
            } catch (InterruptedException done) {
                // stopped in time
            }
        }, "stop-backstop");
        backstop.setDaemon(true);
        backstop.start();
        monitor.close();
        backstop.interrupt();
        log.info("stopped");
        return ExitCodes.OK;
    }
}
