package org.envgate.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.envgate.common.config.ConfigException;
import org.envgate.gateway.buffer.StorageCheck;
import org.envgate.gateway.config.ConfigWarnings;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.log.LogSettings;
import org.envgate.gateway.log.LogSettingsLoader;
import org.envgate.gateway.log.Logging;
import org.envgate.common.systemd.Heartbeat;
import org.tinylog.Logger;
import sun.misc.Signal;

/**
 * {@code envgate run}'s gateway, which SIGHUP (or {@code systemctl reload envgate}) replaces by
 * one on the config as it now reads. A config that does not load is refused with its file, line
 * and key, and the running gateway goes on untouched. A good one stops the running gateway
 * cleanly (every reading it took is committed to the buffer) and starts the new one on the same
 * buffer, which sends what is waiting: sensors added, removed or changed, no reading lost.
 */
final class RunningGateway implements AutoCloseable {

    /** What a reload reads: the config and the log settings of the file, or why it cannot. */
    interface ConfigSource {
        GatewayConfig load(Path file) throws ConfigException;
    }

    private final Path file;
    private final ConfigSource source;
    private final Function<LogSettings, LogSettings> logOverrides;
    private final Clock clock;
    private Gateway gateway;
    private GatewayConfig config;
    private Runnable reloading = () -> { };
    private Runnable reloaded = () -> { };

    private RunningGateway(Path file, ConfigSource source, Function<LogSettings, LogSettings> logOverrides,
                           Clock clock, GatewayConfig config, Gateway gateway) {
        this.file = file;
        this.source = source;
        this.logOverrides = logOverrides;
        this.clock = clock;
        this.config = config;
        this.gateway = gateway;
    }

    /** Starts the gateway on {@code config}, loaded from {@code file}. */
    static RunningGateway start(Path file, ConfigSource source, Function<LogSettings, LogSettings> logOverrides,
                                Clock clock, GatewayConfig config) throws IOException {
        return new RunningGateway(file, source, logOverrides, clock, config, Gateway.start(config, clock, null));
    }

    /** Reloads on SIGHUP, on a thread of its own (a signal handler must not block). */
    void reloadOnSighup() {
        Signal.handle(new Signal("HUP"), signal -> new Thread(this::reload, "reload").start());
        Logger.info("SIGHUP (systemctl reload envgate) reloads {}", file);
    }

    /** Told when a reload starts and ends, e.g. to keep systemd informed. */
    void onReload(Runnable starting, Runnable done) {
        this.reloading = starting;
        this.reloaded = done;
    }

    synchronized Gateway gateway() {
        return gateway;
    }

    synchronized List<Heartbeat> heartbeats() {
        return gateway.heartbeats();
    }

    /**
     * Reads the config again and, when it is good, replaces the running gateway by one on it.
     *
     * @return whether the new config now runs
     */
    synchronized boolean reload() {
        Logger.info("reloading {} (SIGHUP)", file);
        GatewayConfig next;
        LogSettings logSettings;
        try {
            next = source.load(file);
            logSettings = logOverrides.apply(LogSettingsLoader.load(file));
        } catch (ConfigException e) {
            e.problems().forEach(problem -> Logger.error("reload refused: {}", problem.getMessage()));
            Logger.error("reload refused: the gateway goes on with the config it started with");
            return false;
        }
        Optional<String> storage = StorageCheck.problem(next.storage());
        if (storage.isPresent()) {
            Logger.error("reload refused: {}; the gateway goes on with the config it started with", storage.get());
            return false;
        }
        reloading.run();
        try {
            Logging.apply(logSettings);
            ConfigWarnings.of(next).forEach(warning -> Logger.warn("{}", warning));
            gateway.close();
            try {
                gateway = Gateway.start(next, clock, null);
            } catch (IOException e) {
                Logger.error("reload: cannot start on the new config ({}); starting again on the one before",
                        e.getMessage());
                gateway = startAgain();
                return false;
            }
            Logger.info("config reloaded: {} sensors", next.sensors().size());
            config = next;
            return true;
        } finally {
            reloaded.run();
        }
    }

    private Gateway startAgain() {
        try {
            return Gateway.start(config, clock, null);
        } catch (IOException e) {
            // Nothing runs: stop, so that systemd restarts the service and its start says why.
            Logger.error("reload: the gateway cannot start again on the config it ran on ({}); stopping", e.getMessage());
            System.exit(Main.FAULT);
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        gateway.close();
    }
}
