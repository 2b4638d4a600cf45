package org.envgate.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.envgate.common.Daemon;
import org.envgate.common.LogText;
import org.envgate.common.Version;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.Units;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.config.ConfigWarnings;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.demo.Demo;
import org.envgate.gateway.demo.ScenarioStation;
import org.envgate.gateway.log.LogSettings;
import org.envgate.gateway.log.LogSettingsLoader;
import org.envgate.gateway.log.Logging;
import org.envgate.common.systemd.Watchdog;
import org.tinylog.Level;
import org.tinylog.Logger;

/**
 * The {@code envgate} command. Exit status: 0 success, 1 a fault found or a failure at run
 * time, 2 bad usage or a bad config.
 */
public final class Main {

    static final int OK = 0;
    static final int FAULT = 1;
    static final int USAGE = 2;

    /** Where {@code run} and {@code check} look for their config when {@code --config} is left out. */
    static final Path DEFAULT_CONFIG = Path.of("/etc/envgate/gateway.yaml");

    private static final String LOG_OPTIONS = """
                   --log-level LEVEL   trace, debug, info, warn, error or off, for every component
                   --log-format FMT    text, or json: one JSON object a line (time, level, component, sensor, message)
            """;

    /** Each verb's own usage, printed by {@code envgate VERB --help}. */
    static final Map<String, String> VERB_USAGE = Map.of(
            "run", """
                    usage: envgate run [--config FILE]
                      runs the gateway (the daemon); the config defaults to /etc/envgate/gateway.yaml
                    """ + LOG_OPTIONS,
            "demo", """
                    usage: envgate demo [--for 60s]
                           envgate demo --scenario FILE [--expect FILE] [--for 60s]
                      simulated sensors -> gateway -> embedded broker, printed live; with --scenario, a
                      simulator scenario with its rain gauges and flow meters, --expect writing what it sent
                    """ + LOG_OPTIONS,
            "check", """
                    usage: envgate check [--config FILE] [--sensor ID] [--json]
                      validates the config (default /etc/envgate/gateway.yaml), reads every sensor once (or
                      ID alone), tries the broker and prints one table; --json: one JSON object a line
                      exit 0 all good, 1 a fault found, 2 a bad config
                    """ + LOG_OPTIONS,
            "probe", """
                    usage: envgate probe PORT [--baud N] [--parity none|even|odd] [--address A | --addresses A-B]
                                              [--model M]
                      which known sensor answers on a serial port (/dev/ttyUSB0), a serial device server
                      (tcp://host:port), a Modbus TCP device (modbus-tcp://host:502) or an I2C bus (i2c:1: each
                      I2C model at its usual addresses). Models with line settings of their own first, then
                      Modbus slaves 1-20 and 247 at 19200 8E1, 9600 8E1, 9600 8N1, 19200 8N1, 4800 8N1 and
                      38400 8N1, until something answers (about 30 s when nothing does); each option narrows
                      the search. Stop the gateway first if it holds the port
                    """,
            "modbus", """
                    usage: envgate modbus read PORT --address A --register R --count N [--function 3|4]
                                               [--baud N] [--parity none|even|odd]
                      reads N registers from R (counted from 0, decimal or 0x hex) of slave A once: holding
                      registers (function 3, the default) or input registers (4), at 9600 8N1 unless --baud
                      and --parity say otherwise; RTU on a serial port or tcp://host:port (a serial device
                      server), Modbus TCP on modbus-tcp://host:502 (A is then the unit id). Prints each word in
                      hex and decimal, and each pair as uint32, int32 and float32 in the orders ABCD, CDAB,
                      BADC and DCBA, to find a sonde's register map. Stop the gateway first if it holds the port
                    """);

    private static final String USAGE_TEXT = """
            usage: envgate run [--config FILE]   run the gateway (config default /etc/envgate/gateway.yaml)
                   envgate demo [--for 60s]      simulated sensors -> gateway -> embedded broker, printed live
                   envgate demo --scenario FILE [--expect FILE] [--for 60s]
                                                 the same for a simulator scenario, its rain gauges and flow meters too
                   envgate check [--config FILE] [--sensor ID] [--json]
                                                 read every sensor once (or ID alone), try the broker, print one table
                                                 (--json: one JSON object a line)
                   envgate probe PORT [--baud N] [--parity P] [--address A | --addresses A-B] [--model M]
                                                 which known sensor answers on a serial port (or tcp://host:port),
                                                 or on an I2C bus (i2c:1)
                   envgate modbus read PORT --address A --register R --count N [--function 3|4] [--baud N] [--parity P]
                                                 read registers once, print every type and byte order of their values
                   envgate VERB --help           that verb's options
                   envgate --version
            run, check and demo also take --log-level LEVEL (trace, debug, info, warn, error) and
            --log-format text|json (one JSON object a line: time, level, component, sensor, message)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        org.envgate.common.Fatal.install();
        // Also ends the threads of libraries that would keep the JVM up; during a signal-driven
        // shutdown this waits for the shutdown hooks instead.
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        String verbUsage = VERB_USAGE.get(args[0]);
        if (verbUsage != null && (rest.contains("--help") || rest.contains("-h"))) {
            out.print(verbUsage);
            return OK;
        }
        try {
            LogOptions logOptions = LogOptions.take(rest);
            return switch (args[0]) {
                case "run" -> runGateway(configPath(rest), logOptions, err);
                case "demo" -> {
                    Logging.apply(logOptions.applyTo(LogSettings.DEFAULT));
                    yield demo(rest, out, err);
                }
                case "check" -> checkStation(rest, logOptions, out, err);
                case "probe" -> Probe.run(rest, out);
                case "modbus" -> ModbusRead.run(rest, out);
                case "--version", "-V", "version" -> {
                    out.println("envgate " + Version.get());
                    yield OK;
                }
                case "--help", "-h", "help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("envgate: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * {@code --log-level} (every component, whatever {@code log.level} says) and {@code --log-format},
     * taken out of a verb's arguments.
     */
    record LogOptions(Optional<Level> level, Optional<Boolean> json) {

        static LogOptions take(List<String> args) {
            Optional<Level> level = Optional.empty();
            Optional<Boolean> json = Optional.empty();
            for (int i = 0; i < args.size(); ) {
                String name = args.get(i);
                if (!name.equals("--log-level") && !name.equals("--log-format")) {
                    i++;
                    continue;
                }
                if (i + 1 == args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                String value = args.remove(i + 1);
                args.remove(i);
                if (name.equals("--log-level")) {
                    level = Optional.of(LogSettings.parseLevel(value).orElseThrow(() -> new UsageException(
                            "--log-level must be trace, debug, info, warn, error or off, not '" + value + "'")));
                } else if (value.equals("text") || value.equals("json")) {
                    json = Optional.of(value.equals("json"));
                } else {
                    throw new UsageException("--log-format must be text or json, not '" + value + "'");
                }
            }
            return new LogOptions(level, json);
        }

        LogSettings applyTo(LogSettings settings) {
            LogSettings leveled = level.map(settings::withLevel).orElse(settings);
            return json.map(leveled::withJson).orElse(leveled);
        }
    }

    private static Path configPath(List<String> args) {
        if (args.isEmpty()) {
            return DEFAULT_CONFIG;
        }
        if (args.size() != 2 || !args.get(0).equals("--config")) {
            throw new UsageException("run takes --config FILE (default " + DEFAULT_CONFIG + "), not '"
                    + LogText.untrusted(String.join(" ", args)) + "'");
        }
        return Path.of(args.get(1));
    }

    private static int demo(List<String> args, PrintStream out, PrintStream err) {
        Duration duration = null;
        Path scenario = null;
        Path expect = null;
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (i + 1 == args.size()) {
                throw new UsageException("demo " + name + " needs a value");
            }
            String value = args.get(i + 1);
            switch (name) {
                case "--for" -> duration = Units.parseDuration(value).filter(d -> !d.isZero())
                        .orElseThrow(() -> new UsageException("'" + value + "' is not a duration (e.g. 60s, 5m)"));
                case "--scenario" -> scenario = Path.of(value);
                case "--expect" -> expect = Path.of(value);
                default -> throw new UsageException("demo takes --for DURATION (e.g. --for 60s), --scenario FILE "
                        + "and --expect FILE, not '" + name + "'");
            }
        }
        if (scenario == null) {
            if (expect != null) {
                throw new UsageException("demo --expect needs --scenario FILE");
            }
            return Demo.run(duration, out);
        }
        return ScenarioStation.run(scenario, expect, duration, out, err);
    }

    private static GatewayConfig load(Path file) throws ConfigException {
        if (file.equals(DEFAULT_CONFIG) && !Files.exists(file)) {
            throw new UsageException("no config at " + DEFAULT_CONFIG + " (the default when --config is left out);"
                    + " give --config FILE");
        }
        return new GatewayConfigLoader(DriverRegistry.load()).load(file);
    }

    private static int checkStation(List<String> args, LogOptions logOptions, PrintStream out, PrintStream err) {
        Path file = null;
        boolean json = false;
        Optional<String> sensor = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--json")) {
                json = true;
            } else if ((name.equals("--config") || name.equals("--sensor")) && i + 1 < args.size()) {
                String value = args.get(++i);
                if (name.equals("--config")) {
                    file = Path.of(value);
                } else {
                    sensor = Optional.of(value);
                }
            } else {
                throw new UsageException("check takes --config FILE, --sensor ID and --json, not '" + name + "'");
            }
        }
        if (file == null) {
            file = DEFAULT_CONFIG;
        }
        try {
            GatewayConfig config = load(file);
            Logging.apply(logOptions.applyTo(LogSettingsLoader.load(file)));
            ConfigWarnings.of(config).forEach(warning -> err.println("envgate: warning: " + warning));
            String only = sensor.orElse(null);
            if (only != null && config.sensors().stream().noneMatch(s -> s.id().equals(only))) {
                err.println("envgate: " + file + " has no sensor '" + LogText.untrusted(only) + "'; its sensors: "
                        + config.sensors().stream().map(SensorConfig::id).collect(Collectors.joining(", ")));
                return USAGE;
            }
            return Check.run(config, new Check.Options(json, sensor), out, err);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> err.println("envgate: " + problem.getMessage()));
            return USAGE;
        }
    }

    private static int runGateway(Path file, LogOptions logOptions, PrintStream err) {
        GatewayConfig config;
        try {
            config = load(file);
            Logging.apply(logOptions.applyTo(LogSettingsLoader.load(file)));
        } catch (ConfigException e) {
            e.problems().forEach(problem -> {
                err.println("envgate: " + problem.getMessage());
                Logger.error("config rejected: {}", problem.getMessage());
            });
            return USAGE;
        }
        ConfigWarnings.of(config).forEach(warning -> Logger.warn("{}", warning));
        RunningGateway running;
        try {
            running = RunningGateway.start(file, Main::load, logOptions::applyTo, Clock.systemUTC(), config);
        } catch (IOException e) {
            Logger.error("cannot start: {}", e.getMessage());
            return FAULT;
        }
        Watchdog watchdog = Watchdog.start("gateway", System.getenv(), running::heartbeats);
        running.onReload(watchdog::reloading, watchdog::reloaded);
        running.reloadOnSighup();
        Daemon.runUntilStopped(() -> {
            watchdog.close();
            running.close();
        });
        return OK;
    }
}
