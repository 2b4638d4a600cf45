package org.envgate.gateway.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.envgate.common.config.Units;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.PartialReadException;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.Stamp;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.link.PortLostException;
import org.envgate.wire.Reading;
import org.envgate.gateway.Display;
import org.envgate.gateway.log.FrameTrace;
import org.envgate.gateway.log.Logging;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * One sensor's schedule, on its own thread, so that a slow or dead sensor never delays
 * another. Each interval it reads the sensor once and stamps the values with the time of
 * that read: the monotonic clock always, the wall clock when it can be trusted. The stamp is
 * never changed afterwards; a reading taken before the clock was trusted gets its wall time
 * derived once from its monotonic stamp (see {@link org.envgate.gateway.buffer.BufferWriter}).
 *
 * <p>The port is opened lazily and reopened after it went away (a USB adapter unplugged and
 * plugged back), without restarting the process.
 */
public final class SensorPoller implements AutoCloseable {

    /** Failed reads in a row before the sensor is reported as not responding. */
    static final int FAILURES_BEFORE_FAULT = 3;
    private static final Duration MAX_REOPEN_WAIT = Duration.ofSeconds(5);
    /**
     * A read ends well within this, however slow: it may first wait for every other sensor on
     * a shared RS-485 port to read, each up to its timeouts.
     */
    static final Duration SLOWEST_READ = Duration.ofMinutes(5);

    private final SensorConfig config;
    private final SensorDriver driver;
    private final SharedPorts ports;
    private final Consumer<Sample> sink;
    private final ClockWatch clock;
    private final Thread thread;
    private final Heartbeat heartbeat;
    private final TaggedLogger log;
    private final String where;
    private volatile boolean running = true;
    private volatile boolean open;
    private volatile SensorState state = SensorState.STARTING;
    private volatile String fault = "";
    private volatile String hint = "";
    private final LongAdder faults = new LongAdder();
    private long warmUntilNanos;
    private int failures;

    /** @param sink receives each poll's readings as one sample, warm-up included */
    public SensorPoller(SensorConfig config, SharedPorts ports, Consumer<Sample> sink, ClockWatch clock) {
        this.config = config;
        this.driver = config.newDriver();
        this.ports = ports;
        this.sink = sink;
        this.clock = clock;
        this.thread = new Thread(this::run, "sensor-" + config.id());
        this.thread.setDaemon(true);
        this.where = "sensor " + config.id() + " (" + config.model() + " on " + config.port() + ")";
        this.heartbeat = new Heartbeat(where, config.interval().plus(SLOWEST_READ));
        this.log = Logger.tag(Logging.sensorTag(config.id()));
    }

    public void start() {
        thread.start();
    }

    /** Beats once per turn of this sensor's loop. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    public SensorStatus status() {
        return new SensorStatus(config.id(), config.model(), config.port(), state, fault, hint, driver.counters(),
                faults.sum());
    }

    private void run() {
        long intervalNanos = config.interval().toNanos();
        long next = System.nanoTime();
        while (running) {
            heartbeat.beat();
            if (!open && !open()) {
                sleepNanos(Math.min(intervalNanos, MAX_REOPEN_WAIT.toNanos()));
                continue;
            }
            sleepNanos(next - System.nanoTime());
            if (!running) {
                break;
            }
            poll();
            next += intervalNanos;
            long now = System.nanoTime();
            if (next < now) {
                // A read overran its interval (a slow sensor): skip the missed ticks, keep the phase.
                next += ((now - next) / intervalNanos + 1) * intervalNanos;
            }
        }
        closeDriver();
    }

    private boolean open() {
        try {
            ports.exclusive(config.port(), () -> {
                driver.open(Logging.tracesFrames(config.id()) ? FrameTrace.tracing(ports, config.id(), where) : ports);
                return null;
            });
            open = true;
            warmUntilNanos = System.nanoTime() + config.warmUp().toNanos();
            failures = 0;
            if (!config.warmUp().isZero()) {
                enter(SensorState.WARMING_UP, "");
            }
            log.info("{}: port open, {}", where,
                    config.warmUp().isZero() ? "reading every " + Units.format(config.interval())
                            : "warming up for " + Units.format(config.warmUp()));
            return true;
        } catch (IOException | RuntimeException e) {
            faults.increment();
            driver.close();
            enter(SensorState.PORT_FAULT, e);
            return false;
        }
    }

    private void poll() {
        try {
            List<Measurement> values;
            PartialReadException partial = null;
            try {
                values = ports.exclusive(config.port(), driver::read);
            } catch (PartialReadException e) {
                partial = e;
                values = e.read();
            }
            Stamp stamp = clock.stamp();
            failures = 0;
            boolean warmingUp = System.nanoTime() < warmUntilNanos;
            List<Reading> readings = new ArrayList<>(values.size());
            for (Measurement m : values) {
                readings.add(new Reading(config.id(), m.quantity(), m.value(), stamp.wallMillis()));
            }
            if (log.isDebugEnabled()) {
                log.debug("{}: read {}", where, readings.stream()
                        .map(r -> r.quantity().id() + " " + Display.value(r.value()) + " " + r.unit())
                        .collect(Collectors.joining(", ")));
            }
            // Readings of the warm-up are sent too, marked as such by quality control: never silently held.
            sink.accept(new Sample(config.id(), readings, stamp.monoMillis(), stamp.trusted(), warmingUp));
            if (partial != null) {
                // What the sensor did answer is reported; what it refused keeps it in error until it answers all.
                faults.increment();
                enter(SensorState.SENSOR_ERROR, partial);
            } else {
                enter(warmingUp ? SensorState.WARMING_UP : SensorState.OK, "");
            }
        } catch (PortLostException e) {
            faults.increment();
            closeDriver();
            enter(SensorState.PORT_FAULT, e);
        } catch (SensorTimeoutException e) {
            faults.increment();
            if (++failures >= FAILURES_BEFORE_FAULT) {
                enter(SensorState.NO_RESPONSE, e);
            }
        } catch (SensorErrorException e) {
            faults.increment();
            enter(SensorState.SENSOR_ERROR, e);
        } catch (IOException | RuntimeException e) {
            if (!running) {
                return;
            }
            faults.increment();
            closeDriver();
            enter(SensorState.PORT_FAULT, e);
        }
    }

    /** Enters a fault state: the fault's message, and its hint for the status page. */
    private void enter(SensorState next, Exception fault) {
        hint = FaultHint.of(config, fault).orElse("");
        enter(next, String.valueOf(fault.getMessage()));
    }

    /** Logs a state change once, not every interval. */
    private void enter(SensorState next, String problem) {
        if (next == state && problem.equals(fault)) {
            return;
        }
        SensorState previous = state;
        state = next;
        fault = problem;
        if (problem.isEmpty()) {
            hint = "";
        }
        switch (next) {
            case OK -> log.info("{}: {}", where, previous == SensorState.WARMING_UP ? "warmed up, reporting"
                    : previous == SensorState.STARTING ? "reporting" : "answering again");
            case WARMING_UP -> { }
            case NO_RESPONSE -> log.warn("{}: no valid answer {} times in a row: {}", where, failures, problem);
            case PORT_FAULT -> log.warn("{}: {}; retrying", where, problem);
            case SENSOR_ERROR -> log.warn("{}: {}", where, problem);
            default -> log.info("{}: {}", where, next);
        }
    }

    private void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private void closeDriver() {
        open = false;
        driver.close();
    }

    /** Asks the poller to stop, without waiting: a read in progress ends at its timeout at the latest. */
    public void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
