package org.envgate.gateway.status;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * A station for the status page tests: a PMS5003 twin ({@code pm}) and an MH-Z19B twin
 * ({@code co2}) on loopback TCP, an embedded broker, and a gateway reading them with the
 * config's extra sections (e.g. {@code status-page:}).
 */
final class PageStation implements AutoCloseable {

    static final String GATEWAY_ID = "gw-page";
    static final Duration WAIT = Duration.ofSeconds(30);

    final SensorTwin pm;
    final SensorTwin co2;
    final Gateway gateway;
    private final EmbeddedBroker broker;
    private final TwinServer pmServer;
    private final TwinServer co2Server;
    private boolean closed;

    private PageStation(EmbeddedBroker broker, TwinServer pmServer, TwinServer co2Server, Gateway gateway) {
        this.broker = broker;
        this.pmServer = pmServer;
        this.co2Server = co2Server;
        this.pm = pmServer.twin();
        this.co2 = co2Server.twin();
        this.gateway = gateway;
    }

    static PageStation start(Path storage, String extraYaml) throws IOException, ConfigException {
        return start(storage, "", extraYaml);
    }

    /** As {@link #start(Path, String)}, with more sensors after {@code pm} and {@code co2}. */
    static PageStation start(Path storage, String moreSensors, String extraYaml) throws IOException, ConfigException {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        TwinServer pmServer = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0);
        TwinServer co2Server = TwinServer.tcp(TwinProvider.all().get("mhz19b").create(TwinOptions.defaults()), "127.0.0.1", 0);
        GatewayConfig config = load(storage, broker.url(), pmServer.gatewayPort(), co2Server.gatewayPort(),
                moreSensors + extraYaml);
        return new PageStation(broker, pmServer, co2Server, Gateway.start(config, Clock.systemUTC(), null));
    }

    static GatewayConfig load(Path storage, String brokerUrl, String pmPort, String co2Port, String extraYaml)
            throws ConfigException {
        return new GatewayConfigLoader(DriverRegistry.load()).parse(storage.resolve("gateway.yaml").toString(), """
                gateway:
                  id: %s
                  site: test-bench
                storage:
                  path: %s
                mqtt:
                  url: %s
                  reconnect-max: 2s
                sensors:
                  - {id: pm, model: pms5003, port: "%s", interval: 300ms, warm-up: 0s, mode: passive}
                  - {id: co2, model: mhz19b, port: "%s", interval: 300ms, warm-up: 0s}
                %s""".formatted(GATEWAY_ID, storage, brokerUrl, pmPort, co2Port, extraYaml));
    }

    URI pageUrl() {
        return URI.create("http://127.0.0.1:" + gateway.statusPageAddress().orElseThrow().getPort() + "/");
    }

    /** A rule every CO2 reading raises, and one no dust reading can. */
    static final String ALERTS = """
            alerts:
              - {id: co2-present, source: co2/co2, above: 0, clear: 0, severity: critical}
              - {id: dust-negative, source: pm/pm2_5, below: -1, clear: 0, severity: info}
            """;

    /** A sensor on a port with nothing behind it: it never reports, so only {@link #checkedDust} gives it values. */
    static final String DUST = "  - {id: dust, model: pms5003, port: /dev/envgate-no-dust-sensor}\n";

    /**
     * Gives {@code dust} the values quality control would pass on: PM1.0 suspect (flat line), PM10
     * failed (its calibration took it past the range), PM2.5 calibrated, PM2.5 CF=1 not evaluated
     * (warming up).
     */
    List<Reading> checkedDust(long timeMillis) {
        List<Reading> readings = List.of(
                new Reading("dust", Quantity.PM1_0, 9, timeMillis, new Quality(QcFlag.SUSPECT, Set.of(QcTest.FLAT_LINE), Double.NaN)),
                new Reading("dust", Quantity.PM2_5, 12.35, timeMillis, new Quality(QcFlag.PASS, Set.of(), 14)),
                new Reading("dust", Quantity.PM10, 1200, timeMillis, new Quality(QcFlag.FAIL, Set.of(QcTest.GROSS_RANGE), 990)),
                new Reading("dust", Quantity.PM2_5_CF1, 14, timeMillis,
                        new Quality(QcFlag.NOT_EVALUATED, Set.of(QcTest.WARM_UP, QcTest.CALIBRATION_AGE), Double.NaN)));
        readings.forEach(gateway.checked());
        return readings;
    }

    SensorStatus sensor(String id) {
        return gateway.sensors().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Waits until {@code pm} and {@code co2} reported values and the broker acknowledged a pack. */
    void awaitAllReporting() throws InterruptedException {
        await(() -> reporting("pm") && reporting("co2") && gateway.uplink().lastDeliveryMillis() > 0,
                () -> "pm and co2 report and a pack was delivered: " + gateway.sensors());
    }

    private boolean reporting(String id) {
        SensorStatus sensor = sensor(id);
        return sensor.state() == SensorState.OK && !gateway.checked().latest(id).isEmpty();
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** The broker goes away: the gateway is offline and buffers. */
    void stopBroker() {
        broker.stop();
    }

    /** Stops everything; a second call does nothing, so a test may stop the station early. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        gateway.close();
        pmServer.close();
        co2Server.close();
        broker.close();
    }
}
