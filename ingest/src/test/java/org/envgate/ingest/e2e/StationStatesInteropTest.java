package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.envgate.common.testing.Mosquitto;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.TestClient;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Location;
import org.envgate.wire.Quantity;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationDescription.SensorDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's mosquitto and victoria-metrics ({@code mvn -B verify -Pinterop}): two instances in a
 * share group both tag their points from the retained status, and with
 * {@code influx.text-fields: false} states arrive as numbers and no text field becomes a series of zeros.
 */
@Tag("interop")
class StationStatesInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sharedInstancesTagFromTheRetainedStatusAndStatesAreNumbers() throws Exception {
        // Continues the influx section, which IngestConfigs writes last.
        String numbersOnly = "  text-fields: false\n";
        try (Mosquitto broker = new Mosquitto(dir);
             VictoriaMetrics vm = new VictoriaMetrics(dir);
             TestClient gateway = new TestClient(broker.url())) {
            gateway.publishRetained("st/gw-st/status", new String(new GatewayStatus(GatewayStatus.ONLINE, "gw-st", "0.3.0",
                    System.currentTimeMillis(), new StationDescription("lien-chieu",
                    Optional.of(new Location(16.07, 108.22, OptionalDouble.empty())),
                    List.of(new SensorDescription("pm", "pms5003", List.of(Quantity.PM2_5))))).toJson(),
                    StandardCharsets.UTF_8));
            try (Ingest a = Ingest.start(IngestConfigs.external(broker.url(), "st", "ingest-st-a", "st", vm.url(),
                    numbersOnly));
                 Ingest b = Ingest.start(IngestConfigs.external(broker.url(), "st", "ingest-st-b", "st", vm.url(),
                         numbersOnly))) {
                Await.until(() -> a.connected() && b.connected(), WAIT, "both instances subscribe");
                long start = System.currentTimeMillis() - 300_000;
                for (int i = 0; i < 20; i++) {
                    gateway.publish("st/gw-st/readings", SenmlCodec.encode("gw-st", Packs.rounds(1, start + i * 1000L)));
                }
                gateway.publish("st/gw-st/health", new GatewayHealth("gw-st", "0.3.0", OptionalLong.empty(), 60, 0, 0, 0,
                        0, 0, 0, 0, "synchronized", 0, 0, List.of(new GatewayHealth.SensorHealth("pm", "pms5003",
                        "/dev/serial0", "no_response", 1, "no answer", Optional.empty()))).toJson());
                Await.until(() -> vm.samples("{__name__=\"pm2_5_value\",gateway=\"gw-st\"}") == 20
                        && vm.samples("{__name__=\"sensor_health_state_code\",gateway=\"gw-st\"}") == 1, WAIT,
                        "readings and health stored");

                assertEquals(20, vm.samples("{__name__=\"pm2_5_value\",gateway=\"gw-st\",site=\"lien-chieu\","
                        + "model=\"pms5003\"}"), "every reading tagged, whichever instance stored it");
                assertEquals(List.of(3.0), vm.export("{__name__=\"sensor_health_state_code\",gateway=\"gw-st\"}")
                        .get(0).values());
                assertEquals(List.of(0.0), vm.export("{__name__=\"gateway_health_clock_code\",gateway=\"gw-st\"}")
                        .get(0).values());
                assertEquals(16.07, vm.export("{__name__=\"gateway_status_lat\",gateway=\"gw-st\"}").get(0).values().get(0));
                assertEquals(List.of(), vm.export("{__name__=~\"(gateway_status|gateway_health|sensor_health)_"
                        + "(state|version|clock|model|port|fault)\",gateway=\"gw-st\"}"), "no text field as zeros");
            }
        }
    }
}
