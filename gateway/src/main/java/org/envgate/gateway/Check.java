package org.envgate.gateway;

import com.pi4j.context.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.envgate.common.config.Units;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.gateway.cli.Progress;
import org.envgate.gateway.buffer.StorageCheck;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.log.FrameTrace;
import org.envgate.gateway.log.Logging;
import org.envgate.gateway.poll.FaultHint;
import org.envgate.gateway.poll.Sample;
import org.envgate.gateway.poll.SharedPorts;
import org.envgate.gateway.quality.QualityStage;
import org.envgate.gateway.status.StatusPage;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.PortAccessDeniedException;
import org.envgate.link.PortBusyException;
import org.envgate.link.PortNotFoundException;
import org.envgate.wire.Reading;

/**
 * {@code envgate check}: with a valid config, reads every sensor once (after its warm-up, but
 * never waiting longer than {@link Timing#maxWarmUp()}), tries the broker and the status page's address,
 * then prints one table a technician can read on a phone. Sensors are checked side by side, so a
 * silent one costs only its own timeout.
 */
final class Check {

    private Check() {
    }

    /**
     * One line of the table.
     *
     * @param kind   {@code sensor}, {@code uplink} or {@code status-page}
     * @param sensor the sensor id, or the row's label ({@code (uplink)}, {@code (status page)})
     * @param values what a sensor read; empty for a fault and for the other rows
     */
    record Row(String kind, String sensor, String model, String port, boolean ok, String result, List<Measurement> values) {

        static Row sensor(SensorConfig sensor, boolean ok, String result) {
            return new Row("sensor", sensor.id(), sensor.model(), sensor.port(), ok, result, List.of());
        }
    }

    /**
     * How to check: {@code json} prints one JSON object per row instead of the table;
     * {@code sensor}, when present, checks that sensor alone (not the broker or the status page).
     */
    record Options(boolean json, Optional<String> sensor) {
    }

    /**
     * How long a check waits and what it probes a faulty port for: {@link #STATION} for a
     * technician; tests narrow both, so that a fault costs them seconds, not the probe of every model.
     *
     * @param maxWarmUp    a check waits at most this long for a sensor's warm-up
     * @param probedModels the models tried on the port of a sensor that does not answer as its model should
     */
    record Timing(Duration maxWarmUp, Predicate<String> probedModels) {
        static final Timing STATION = new Timing(Duration.ofSeconds(60), model -> true);
    }

    /** Prints the table (or JSON rows) on {@code out}, and what it waits for on {@code err}, a terminal's status line or plain lines. */
    static int run(GatewayConfig config, Options options, PrintStream out, PrintStream err) {
        boolean terminal = err == System.err && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return run(config, options, Timing.STATION, terminal ? Progress.terminal(err) : Progress.plain(err), out);
    }

    static int run(GatewayConfig config, Options options, Timing timing, Progress waits, PrintStream out) {
        List<SensorConfig> checked = config.sensors().stream()
                .filter(sensor -> options.sensor().map(sensor.id()::equals).orElse(true)).toList();
        List<Row> rows = new ArrayList<>();
        Context gpio;
        try {
            gpio = config.gpioPlatform().isPresent() ? GpioPlatforms.context(config.gpioPlatform().get()) : null;
        } catch (IOException e) {
            out.println("gpio.platform " + config.gpioPlatform().get() + ": " + e.getMessage());
            return Main.FAULT;
        }
        try (CheckProgress progress = new CheckProgress(waits)) {
            rows.addAll(withQuality(config.sensors(), readSensors(config, checked, gpio, timing, progress), timing));
            if (options.sensor().isEmpty()) {
                rows.addAll(startUpChecks(config, progress));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAULT;
        } finally {
            if (gpio != null) {
                gpio.shutdown();
            }
        }
        boolean allOk = rows.stream().allMatch(Row::ok);
        if (options.json()) {
            rows.forEach(row -> out.println(CheckJson.line(row)));
        } else {
            print(rows, out);
            out.println(allOk ? "all good" : rows.stream().filter(r -> !r.ok()).count() + " problem(s) found");
        }
        return allOk ? Main.OK : Main.FAULT;
    }

    /** Each of {@code checked} read once, side by side, a row each in their order. */
    private static List<Row> readSensors(GatewayConfig config, List<SensorConfig> checked, Context gpio, Timing timing,
                                         CheckProgress progress) throws InterruptedException {
        SharedPorts ports = new SharedPorts(gpio);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, checked.size()));
        try {
            List<Future<Row>> checks = new ArrayList<>();
            for (SensorConfig sensor : checked) {
                boolean shared = config.sensors().stream().filter(other -> other.port().equals(sensor.port())).count() > 1;
                checks.add(pool.submit(() -> check(sensor, ports, !shared, timing, progress)));
            }
            List<Row> read = new ArrayList<>();
            for (Future<Row> check : checks) {
                read.add(check.get());
            }
            return read;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What run checks before it starts, so that a check that passes means run starts. */
    private static List<Row> startUpChecks(GatewayConfig config, CheckProgress progress) {
        List<Row> rows = new ArrayList<>();
        Optional<String> storage = StorageCheck.problem(config.storage()).or(() -> StorageCheck.spaceProblem(config.storage()));
        rows.add(new Row("storage", "(storage)", "buffer", config.storage().path().toString(), storage.isEmpty(),
                storage.orElse("writable by " + System.getProperty("user.name")), List.of()));
        progress.connecting("(uplink)");
        Optional<String> broker = Uplink.tryConnect(config.mqtt());
        progress.done("(uplink)");
        rows.add(new Row("uplink", "(uplink)", "mqtt", config.mqtt().url(), broker.isEmpty(),
                broker.map(reason -> "cannot connect: " + reason).orElse("broker accepted the connection"), List.of()));
        config.statusPage().ifPresent(page -> {
            Optional<String> problem = StatusPage.tryListen(page);
            rows.add(new Row("status-page", "(status page)", page.certFile().isPresent() ? "https" : "http", page.listen(),
                    problem.isEmpty(), problem
                    .map(reason -> "cannot listen: " + reason + " (another program, or a gateway already running, "
                            + "holds the port; or the address is not this machine's)")
                    .orElse("can listen"), List.of()));
        });
        return rows;
    }

    /** @param mayProbe whether the port may be probed for what answers instead (not while other sensors use it) */
    private static Row check(SensorConfig sensor, SharedPorts ports, boolean mayProbe, Timing timing, CheckProgress progress) {
        try (SensorDriver driver = sensor.newDriver()) {
            List<Measurement> values;
            boolean warm = false;
            try {
                open(sensor, driver, ports);
                warmUp(sensor, timing, progress);
                warm = true;
                progress.reading(sensor.id());
                values = ports.exclusive(sensor.port(), driver::read);
            } catch (IOException | RuntimeException first) {
                if (!curedByReset(first)) {
                    throw first;
                }
                // A line a program before left dirty, or one garbled answer: closing and reopening the
                // port sends the driver's start (an EZO's bare carriage return first) before a second try.
                progress.event(sensor.id(), first.getMessage() + "; trying once more after a reset of the port");
                driver.close();
                open(sensor, driver, ports);
                if (!warm) {
                    warmUp(sensor, timing, progress);
                }
                progress.reading(sensor.id());
                values = ports.exclusive(sensor.port(), driver::read);
            }
            return new Row("sensor", sensor.id(), sensor.model(), sensor.port(), true, "", List.copyOf(values));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Row.sensor(sensor, false, "check interrupted");
        } catch (ValueOutOfRangeException e) {
            return Row.sensor(sensor, false, e.getMessage() + " (a failing sensor or probe)");
        } catch (IOException | RuntimeException e) {
            if (mayProbe) {
                progress.probing(sensor.id());
            }
            String whatAnswers = mayProbe ? whatAnswersInstead(sensor, timing) : "";
            return Row.sensor(sensor, false, e.getMessage() + FaultHint.of(sensor, e).map(hint -> " (" + hint + ")").orElse("")
                    + whatAnswers);
        } finally {
            progress.done(sensor.id());
        }
    }

    private static void open(SensorConfig sensor, SensorDriver driver, SharedPorts ports) throws IOException {
        ports.exclusive(sensor.port(), () -> {
            driver.open(Logging.tracesFrames(sensor.id()) ? FrameTrace.tracing(ports, sensor.id(),
                    "sensor " + sensor.id() + " (" + sensor.model() + " on " + sensor.port() + ")") : ports);
            return null;
        });
    }

    private static void warmUp(SensorConfig sensor, Timing timing, CheckProgress progress) throws InterruptedException {
        Duration wait = readBeforeWarm(sensor, timing) ? timing.maxWarmUp() : sensor.warmUp();
        progress.warmingUp(sensor.id(), wait);
        Thread.sleep(wait.toMillis());
    }

    /**
     * Whether a reset of the port may cure a fault: not a port that is missing, not permitted or
     * held by another program, which a reopen finds the same.
     */
    private static boolean curedByReset(Exception fault) {
        return !(fault instanceof PortNotFoundException || fault instanceof PortAccessDeniedException
                || fault instanceof PortBusyException);
    }

    /**
     * Fills in each sensor row that read values with them as the gateway would send them: through
     * quality control and calibration, all samples at one moment, those whose calibration takes
     * another sensor's value after that sensor's, so that the value is there. A value that does not
     * pass shows its flag and tests, a calibrated one its raw value ({@link Display#reading}).
     *
     * @param sensors every sensor of the config, checked or not (a calibration term may name one not checked)
     */
    private static List<Row> withQuality(List<SensorConfig> sensors, List<Row> rows, Timing timing) {
        Map<String, List<Reading>> sent = new HashMap<>();
        QualityStage quality = new QualityStage(sensors, taken ->
                sent.computeIfAbsent(taken.reading().sensor(), id -> new ArrayList<>()).add(taken.reading()));
        long now = System.currentTimeMillis();
        long monoMillis = System.nanoTime() / 1_000_000;
        List<SensorConfig> termsLast = sensors.stream()
                .sorted(Comparator.comparing(Check::takesAnotherSensorsValue)).toList();
        for (SensorConfig sensor : termsLast) {
            for (Row row : rows) {
                if (row.sensor().equals(sensor.id()) && !row.values().isEmpty()) {
                    List<Reading> readings = row.values().stream()
                            .map(m -> new Reading(sensor.id(), m.quantity(), m.value(), now)).toList();
                    quality.accept(new Sample(sensor.id(), readings, monoMillis, true, readBeforeWarm(sensor, timing)));
                }
            }
        }
        List<Row> filled = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<Reading> readings = sent.get(row.sensor());
            if (readings == null) {
                filled.add(row);
                continue;
            }
            SensorConfig sensor = sensors.stream().filter(s -> s.id().equals(row.sensor())).findFirst().orElseThrow();
            String shown = readings.stream().map(Display::reading).collect(Collectors.joining(", "));
            String warmed = readBeforeWarm(sensor, timing)
                    ? " (read after " + Units.format(timing.maxWarmUp()) + " of its " + Units.format(sensor.warmUp()) + " warm-up)" : "";
            filled.add(new Row(row.kind(), row.sensor(), row.model(), row.port(), row.ok(), shown + warmed, row.values()));
        }
        return filled;
    }

    private static boolean takesAnotherSensorsValue(SensorConfig sensor) {
        return sensor.quality().calibrations().values().stream()
                .flatMap(calibration -> calibration.terms().keySet().stream())
                .anyMatch(term -> !term.sensor().equals(sensor.id()));
    }

    /** A warm-up longer than a check waits: the value is read before the sensor is stable. */
    private static boolean readBeforeWarm(SensorConfig sensor, Timing timing) {
        return sensor.warmUp().compareTo(timing.maxWarmUp()) > 0;
    }

    /**
     * When a sensor does not answer as its model should, another model may be on its port (a
     * wrong model in the config, or a cable on the wrong port): the probe says which.
     */
    private static String whatAnswersInstead(SensorConfig sensor, Timing timing) {
        try {
            Set<String> found = Probe.identify(sensor.port(), timing.probedModels(), progress -> { });
            return found.isEmpty() ? "" : "; this port answers as " + String.join("; ", found)
                    + ": check model: " + sensor.model() + " in the config";
        } catch (IOException e) {
            return "";
        }
    }

    private static void print(List<Row> rows, PrintStream out) {
        int sensor = width(rows, Row::sensor, "sensor");
        int model = width(rows, Row::model, "model");
        int port = width(rows, Row::port, "port");
        String format = "%-" + sensor + "s  %-" + model + "s  %-" + port + "s  %-5s  %s%n";
        out.printf(format, "sensor", "model", "port", "state", "values or fault");
        for (Row row : rows) {
            out.printf(format, row.sensor(), row.model(), row.port(), row.ok() ? "OK" : "FAULT", row.result());
        }
    }

    private static int width(List<Row> rows, Function<Row, String> column, String header) {
        return Math.max(header.length(), rows.stream().mapToInt(r -> column.apply(r).length()).max().orElse(0));
    }
}
