package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.envgate.common.testing.Exposition;
import org.envgate.common.testing.Promtool;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's metrics after known traffic: two simulated sensors read, then lost, and every reading delivered. */
class GatewayMetricsTest {

    @TempDir
    Path storage;

    @Test
    void theMetricsCountWhatTheBrokerGotAndWhatTheSensorsDid() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", PageStation.GATEWAY_ID));
             TwinServer pm = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0);
             TwinServer co2 = TwinServer.tcp(TwinProvider.all().get("mhz19b").create(TwinOptions.defaults()), "127.0.0.1", 0);
             Gateway gateway = Gateway.start(PageStation.load(storage, broker.url(), pm.gatewayPort(), co2.gatewayPort(), ""),
                     Clock.systemUTC(), null)) {
            PageStation.await(() -> gateway.checked().counts("pm").pass() >= 3 && gateway.checked().counts("co2").pass() >= 3,
                    () -> "three readings of each sensor: " + gateway.sensors());
            pm.close();
            co2.close();
            PageStation.await(() -> gateway.sensors().stream().allMatch(s -> s.state() != SensorState.OK),
                    () -> "both sensors lost: " + gateway.sensors());
            PageStation.await(() -> {
                Map<String, Double> now = scrape(gateway);
                return now.get("envgate_backlog_readings") == 0 && now.get("envgate_readings_sent_total")
                        .equals(now.get("envgate_readings_taken_total{sensor=\"pm\"}")
                                + now.get("envgate_readings_taken_total{sensor=\"co2\"}"));
            }, () -> "every reading sent: " + new String(GatewayMetrics.text(gateway), StandardCharsets.UTF_8));
            Map<String, Double> metrics = scrape(gateway);
            long sent = metrics.get("envgate_readings_sent_total").longValue();
            assertTrue(subscriber.awaitReadings(readings -> readings.size() >= sent, PageStation.WAIT), "broker got all");

            assertEquals(subscriber.readings().size(), sent, "sent is what the broker got");
            for (String sensor : new String[] {"pm", "co2"}) {
                long got = subscriber.readings().stream().filter(r -> r.sensor().equals(sensor)).count();
                assertEquals((double) got, metrics.get("envgate_readings_taken_total{sensor=\"" + sensor + "\"}"), sensor);
                double byFlag = 0;
                for (String flag : new String[] {"pass", "not_evaluated", "suspect", "fail"}) {
                    byFlag += metrics.get("envgate_readings_qc_total{sensor=\"" + sensor + "\",flag=\"" + flag + "\"}");
                }
                assertEquals((double) got, byFlag, sensor + ": every reading has one flag");
                SensorState state = gateway.sensors().stream().filter(s -> s.id().equals(sensor)).findFirst()
                        .orElseThrow().state();
                double inStates = 0;
                for (SensorState possible : SensorState.values()) {
                    String name = possible.name().toLowerCase(java.util.Locale.ROOT);
                    double value = metrics.get("envgate_sensor_state{sensor=\"" + sensor + "\",state=\"" + name + "\"}");
                    assertEquals(possible == state ? 1.0 : 0.0, value, sensor + " " + name);
                    inStates += value;
                }
                assertEquals(1.0, inStates);
                assertTrue(metrics.get("envgate_sensor_faults_total{sensor=\"" + sensor + "\"}") >= 1, sensor);
            }
            assertEquals(1.0, metrics.get("envgate_sensor_info{sensor=\"pm\",model=\"pms5003\",port=\""
                    + pm.gatewayPort() + "\"}"));
            assertEquals(0.0, metrics.get("envgate_readings_resent_total"));
            assertEquals(0.0, metrics.get("envgate_readings_dropped_total{reason=\"buffer_full\"}"));
            assertEquals(0.0, metrics.get("envgate_readings_dropped_total{reason=\"write_failing\"}"));
            assertEquals(0.0, metrics.get("envgate_oldest_unsent_age_seconds"));
            assertEquals(1.0, metrics.get("envgate_uplink_state{state=\"online\"}"));
            assertEquals(0.0, metrics.get("envgate_uplink_state{state=\"offline\"}"));
            assertTrue(metrics.get("envgate_buffer_size_bytes") > 0);
            assertEquals((double) (2L << 30), metrics.get("envgate_buffer_limit_bytes"));
            assertTrue(metrics.get("envgate_disk_free_bytes") > 0);
            assertTrue(metrics.get("envgate_uptime_seconds") >= 0);
            assertTrue(metrics.get("envgate_uplink_last_delivery_timestamp_seconds") > 1.7e9);
            assertTrue(metrics.keySet().stream().anyMatch(series -> series.startsWith(
                    "envgate_gateway_info{gateway=\"" + PageStation.GATEWAY_ID + "\",site=\"test-bench\",version=\"")));
        }
    }

    @Test
    @Tag("interop")
    void promtoolFindsNoProblemInTheMetrics() throws Exception {
        try (PageStation station = PageStation.start(storage, "")) {
            station.awaitAllReporting();
            byte[] metrics = GatewayMetrics.text(station.gateway);
            assertEquals(new Promtool.Result(0, ""), Promtool.checkMetrics(metrics),
                    new String(metrics, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Double> scrape(Gateway gateway) {
        return Exposition.samples(GatewayMetrics.text(gateway));
    }
}
