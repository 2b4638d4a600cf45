package org.envgate.gateway;

import com.pi4j.context.Context;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.envgate.common.Version;
import org.envgate.gateway.aggregate.Aggregator;
import org.envgate.gateway.alert.AlertStage;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.BufferWriter;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.Stamp;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.poll.SensorPoller;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.poll.SharedPorts;
import org.envgate.gateway.quality.QualityStage;
import org.envgate.gateway.status.CheckedReadings;
import org.envgate.gateway.status.LedPattern;
import org.envgate.gateway.status.StatusLed;
import org.envgate.gateway.status.StatusPage;
import org.envgate.gateway.status.StatusReport;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.Links;
import org.envgate.wire.Aggregates;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Reading;
import org.envgate.wire.StationDescription;
import org.tinylog.Logger;

/**
 * The running gateway: one poller per sensor, quality control, the buffer writer, the buffer and the uplink,
 * wired so that data flows one way and only acknowledgements travel back.
 */
public final class Gateway implements AutoCloseable {

    /** Windows are queued within this many seconds of closing (plus {@code Aggregator}'s grace). */
    private static final long AGGREGATE_EVERY_SECONDS = 5;

    private final GatewayConfig config;
    private final ReadingBuffer buffer;
    private final BufferWriter writer;
    private final Uplink uplink;
    private final QualityStage quality;
    private final AlertStage alerts;
    private final Aggregator aggregator;
    private final List<SensorPoller> pollers = new ArrayList<>();
    private final CheckedReadings checked = new CheckedReadings();
    private final ClockWatch clock;
    private final ScheduledExecutorService clockTicks;
    private final Context gpio;
    private final long startedNanos = System.nanoTime();
    private Optional<StatusPage> statusPage = Optional.empty();
    private Optional<StatusLed> statusLed = Optional.empty();

    private Gateway(GatewayConfig config, ClockWatch clock, Consumer<Reading> taken, Context gpio) throws BufferException {
        this.config = config;
        this.clock = clock;
        this.gpio = gpio;
        this.buffer = ReadingBuffer.open(config.storage());
        this.uplink = new Uplink(config.mqtt(), config.gatewayId(), buffer, Version.get(), clock.wall(), this::health,
                station(config));
        this.writer = new BufferWriter(buffer, clock, uplink::wake);
        Map<String, Duration> intervals = new HashMap<>();
        config.sensors().forEach(sensor -> intervals.put(sensor.id(), sensor.interval()));
        this.aggregator = new Aggregator(config.gatewayId(), buffer, config.aggregates(), config.aqi(), intervals);
        SharedPorts ports = new SharedPorts(gpio);
        Consumer<Reading> seen = taken == null ? ports : ports.andThen(taken);
        Consumer<TakenReading> afterQuality = reading -> {
            checked.accept(reading.reading());
            seen.accept(reading.reading());
            writer.accept(reading);
        };
        this.alerts = new AlertStage(config.alerts(), buffer, Optional.ofNullable(gpio), config.file(), afterQuality,
                uplink::wake);
        // Everything after the pollers sees readings with their quality and calibration.
        this.quality = new QualityStage(config.sensors(), alerts);
        for (SensorConfig sensor : config.sensors()) {
            pollers.add(new SensorPoller(sensor, ports, quality, clock));
        }
        this.clockTicks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "clock-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a gateway on the system's clocks; {@code taken} (may be null) sees every reading
     * as it is taken.
     *
     * @param clock the wall clock
     * @throws IOException when the buffer or the configured GPIO platform cannot start, or another program holds a sensor's port
     */
    public static Gateway start(GatewayConfig config, Clock clock, Consumer<Reading> taken) throws IOException {
        return start(config, ClockWatch.system(clock), taken);
    }

    /**
     * Starts a gateway whose clocks and clock-trust inputs are given, e.g. a test's clock that
     * is set right while it runs.
     *
     * @throws IOException when the buffer or the configured GPIO platform cannot start, or another program holds a sensor's port
     */
    public static Gateway start(GatewayConfig config, ClockWatch clock, Consumer<Reading> taken) throws IOException {
        for (SensorConfig sensor : config.sensors()) {
            // A port another program holds would be fought over: refused here, as check reports it.
            Links.ensureNotHeld(sensor.port());
        }
        Context gpio = config.gpioPlatform().isPresent() ? GpioPlatforms.context(config.gpioPlatform().get()) : null;
        Gateway gateway;
        try {
            gateway = new Gateway(config, clock, taken, gpio);
        } catch (BufferException e) {
            if (gpio != null) {
                gpio.shutdown();
            }
            throw new IOException(e.getMessage(), e);
        }
        Logger.info("envgate {} gateway {} starting: {} sensors, buffer {} ({} readings waiting), broker {}",
                Version.get(), config.gatewayId(), config.sensors().size(), gateway.buffer.file(),
                gateway.buffer.count(), config.mqtt().url());
        gateway.reportEarlierBoots();
        gateway.clockTicks.scheduleWithFixedDelay(clock::tick, 0, 1, TimeUnit.SECONDS);
        gateway.clockTicks.scheduleWithFixedDelay(gateway::aggregate, AGGREGATE_EVERY_SECONDS, AGGREGATE_EVERY_SECONDS,
                TimeUnit.SECONDS);
        gateway.uplink.start();
        gateway.pollers.forEach(SensorPoller::start);
        gateway.statusPage = config.statusPage()
                .flatMap(page -> StatusPage.start(page, config.file(), () -> StatusReport.json(gateway)));
        gateway.statusLed = config.statusLed()
                .flatMap(led -> StatusLed.start(gpio, led, config.file(), gateway::ledPattern));
        return gateway;
    }

    /**
     * Queues the averages and index of the windows that closed and feeds the index to the alert
     * rules that watch it; only on a trusted clock, since a window closes by the wall clock.
     */
    private void aggregate() {
        Stamp now = clock.stamp();
        if (!now.trusted()) {
            return;
        }
        try {
            Aggregates made = aggregator.run(now.wallMillis());
            alerts.acceptAggregates(made);
            if (!made.isEmpty()) {
                uplink.wake();
            }
        } catch (BufferException e) {
            Logger.error("averages: {}", e.getMessage());
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log it and keep averaging next time.
            Logger.error(e, "averages: unexpected failure; the windows are tried again at the next run");
        }
    }

    /** The alerts stage, e.g. for the rules raised now. */
    public AlertStage alerts() {
        return alerts;
    }

    /** The averaging stage, e.g. for its latest index and hourly means. */
    public Aggregator aggregator() {
        return aggregator;
    }

    /** Readings held from an earlier boot can never be given a time: say so once, at start. */
    private void reportEarlierBoots() {
        try {
            for (Map.Entry<String, Long> boot : buffer.untimedByBoot().entrySet()) {
                if (!boot.getKey().equals(clock.boot())) {
                    Logger.warn("buffer {} holds {} readings taken before the clock was set during an earlier boot "
                            + "(boot id {}): they cannot be given a time and are never sent; they are counted as untimed "
                            + "in the health report", buffer.file(), boot.getValue(), boot.getKey());
                }
            }
        } catch (BufferException e) {
            Logger.warn("{}", e.getMessage());
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public List<SensorStatus> sensors() {
        return pollers.stream().map(SensorPoller::status).toList();
    }

    /** Each sensor's latest checked values and its readings per QC flag. */
    public CheckedReadings checked() {
        return checked;
    }

    public Uplink uplink() {
        return uplink;
    }

    public ReadingBuffer buffer() {
        return buffer;
    }

    /** Every loop of the pipeline, for the watchdog: each sensor's, the buffer writer's, the uplink's. */
    public List<Heartbeat> heartbeats() {
        List<Heartbeat> all = new ArrayList<>();
        pollers.forEach(p -> all.add(p.heartbeat()));
        all.add(writer.heartbeat());
        all.add(uplink.heartbeat());
        return all;
    }

    /** The configured GPIO platform's context, shared by the GPIO sensors. */
    public Optional<Context> gpio() {
        return Optional.ofNullable(gpio);
    }

    /** Where the status page listens, if it is configured and running. */
    public Optional<InetSocketAddress> statusPageAddress() {
        return statusPage.map(StatusPage::address);
    }

    private LedPattern ledPattern() {
        return LedPattern.of(uplink.state(), sensors().stream().map(SensorStatus::state).toList());
    }

    /** What the status messages say about the station: site, location, each sensor's model and quantities. */
    static StationDescription station(GatewayConfig config) {
        return new StationDescription(config.site(), config.location(), config.sensors().stream()
                .map(sensor -> new StationDescription.SensorDescription(sensor.id(), sensor.model(),
                        sensor.quantities().stream().sorted().toList()))
                .toList());
    }

    /** The report published on {@code P/G/health}. */
    public GatewayHealth health() {
        Stamp stamp = clock.stamp();
        long now = stamp.wallMillis();
        long used = -1;
        long free = -1;
        long oldestAge = 0;
        try {
            used = buffer.usedBytes();
            free = Files.getFileStore(config.storage().path()).getUsableSpace();
            OptionalLong oldest = buffer.oldestTimeMillis();
            oldestAge = oldest.isPresent() ? Math.max(0, now - oldest.getAsLong()) : 0;
        } catch (IOException | SQLException | BufferException e) {
            Logger.warn("health: cannot measure the buffer {}: {}", buffer.file(), e.getMessage());
        }
        List<GatewayHealth.SensorHealth> sensors = sensors().stream()
                .map(s -> new GatewayHealth.SensorHealth(s.id(), s.model(), s.port(),
                        s.state().name().toLowerCase(Locale.ROOT), s.faults(), s.fault(),
                        Optional.of(checked.counts(s.id()))))
                .toList();
        return new GatewayHealth(config.gatewayId(), Version.get(),
                stamp.trusted() ? OptionalLong.of(now) : OptionalLong.empty(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos), buffer.count(), oldestAge / 1000.0,
                uplink.sent(), uplink.resent(), dropped().total(), used, free, stamp.state().id(), buffer.untimed(),
                clock.jumps(), sensors);
    }

    /**
     * Readings dropped since start, by why.
     *
     * @param bufferFull    the buffer was full ({@code storage.when-full} chose them)
     * @param writeFailing  the buffer could not be written for too long, and the readings waiting in memory overflowed
     */
    public record Dropped(long bufferFull, long writeFailing) {

        public long total() {
            return bufferFull + writeFailing;
        }
    }

    public Dropped dropped() {
        return new Dropped(buffer.dropped(), writer.dropped());
    }

    /** Stops the status page and LED and the sensors, commits what they read, stops the uplink, closes the buffer. */
    @Override
    public void close() {
        statusPage.ifPresent(StatusPage::close);
        statusLed.ifPresent(StatusLed::close);
        pollers.forEach(SensorPoller::stop);
        pollers.forEach(SensorPoller::close);
        if (gpio != null) {
            gpio.shutdown();
        }
        writer.close();
        clockTicks.shutdownNow();
        uplink.close();
        Logger.info("gateway {} stopped; {} readings stay buffered for the next start{}", config.gatewayId(),
                buffer.count(), buffer.untimed() > 0 ? ", " + buffer.untimed() + " more held until the clock is set" : "");
        buffer.close();
    }
}
