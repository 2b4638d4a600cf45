package org.envgate.gateway;

import com.pi4j.context.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.BufferWriter;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.poll.SensorPoller;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.poll.SharedPorts;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.gateway.watchdog.Heartbeat;
import org.envgate.link.GpioPlatforms;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Reading;
import org.tinylog.Logger;

/**
 * The running gateway: one poller per sensor, the buffer writer, the buffer and the uplink,
 * wired so that data flows one way and only acknowledgements travel back.
 */
public final class Gateway implements AutoCloseable {

    private final GatewayConfig config;
    private final ReadingBuffer buffer;
    private final BufferWriter writer;
    private final Uplink uplink;
    private final List<SensorPoller> pollers = new ArrayList<>();
    private final Clock clock;
    private final Context gpio;
    private final long startedNanos = System.nanoTime();

    private Gateway(GatewayConfig config, Clock clock, Consumer<Reading> taken, Context gpio) throws BufferException {
        this.config = config;
        this.clock = clock;
        this.gpio = gpio;
        this.buffer = ReadingBuffer.open(config.storage());
        this.uplink = new Uplink(config.mqtt(), config.gatewayId(), buffer, Version.get(), clock, this::health);
        this.writer = new BufferWriter(buffer, uplink::wake);
        SharedPorts ports = new SharedPorts(gpio);
        Consumer<Reading> sink = (taken == null ? ports : ports.andThen(taken)).andThen(writer);
        for (SensorConfig sensor : config.sensors()) {
            pollers.add(new SensorPoller(sensor, ports, sink, clock));
        }
    }

    /**
     * Starts a gateway; {@code taken} (may be null) sees every reading as it is taken.
     *
     * @throws IOException when the buffer or the configured GPIO platform cannot start
     */
    public static Gateway start(GatewayConfig config, Clock clock, Consumer<Reading> taken) throws IOException {
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
        gateway.uplink.start();
        gateway.pollers.forEach(SensorPoller::start);
        return gateway;
    }

    public GatewayConfig config() {
        return config;
    }

    public List<SensorStatus> sensors() {
        return pollers.stream().map(SensorPoller::status).toList();
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

    /** The report published on {@code P/G/health}. */
    public GatewayHealth health() {
        long now = clock.millis();
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
                        s.state().name().toLowerCase(Locale.ROOT), s.faults(), s.fault()))
                .toList();
        return new GatewayHealth(config.gatewayId(), Version.get(), now,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos), buffer.count(), oldestAge / 1000.0,
                uplink.sent(), buffer.dropped() + writer.dropped(), used, free, ClockState.of(clock), sensors);
    }

    /** Stops the sensors, commits what they read, stops the uplink, closes the buffer. */
    @Override
    public void close() {
        pollers.forEach(SensorPoller::stop);
        pollers.forEach(SensorPoller::close);
        if (gpio != null) {
            gpio.shutdown();
        }
        writer.close();
        uplink.close();
        Logger.info("gateway {} stopped; {} readings stay buffered for the next start", config.gatewayId(), buffer.count());
        buffer.close();
    }
}
