package org.envgate.ingest.grafana;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.IndexScale;
import org.envgate.wire.Location;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationDescription.SensorDescription;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;

/**
 * Two stations as the dashboards expect to see them, published as gateways publish: {@value #AIR}
 * at site {@value #AIR_SITE} with a sensor for every quantity, online, one sensor not answering,
 * its hourly PM2.5 means and VN_AQI, a raised alert; {@value #RIVER} at {@value #RIVER_SITE} with
 * a water level, an alert raised and cleared, and gone offline (its Last Will).
 */
final class DashboardStations {

    static final String AIR = "gw-air";
    static final String AIR_SITE = "lien-chieu";
    static final String RIVER = "gw-river";
    static final String RIVER_SITE = "cam-le";
    static final int MINUTES = 60;
    /** The readings at these minutes are flagged suspect and failed; every other one passed. */
    static final int SUSPECT_MINUTE = 30;
    static final int FAIL_MINUTE = 40;
    static final long BACKLOG = 42;
    static final String SILENT_SENSOR = "s-pm2-5";
    static final int[] HOURLY_VN_AQI = {73, 120, 160};
    static final int DAILY_VN_AQI = 88;

    /** Newest reading's time: each reading one minute apart before it. */
    final long lastReading;
    final long currentHour;

    DashboardStations(long nowMillis) {
        this.lastReading = nowMillis / 60_000 * 60_000 - 60_000;
        this.currentHour = nowMillis / 3_600_000 * 3_600_000;
    }

    static String sensorOf(Quantity quantity) {
        return "s-" + quantity.id().replace('_', '-');
    }

    /** A reading of {@code quantity} at {@code minute} (0 the oldest): inside its plausible range, rising. */
    static double value(Quantity quantity, int minute) {
        return quantity.min() + (quantity.max() - quantity.min()) / 1000 * (1 + minute / 10.0);
    }

    /** The newest reading of each quantity, what "Latest" shows. */
    static double latest(Quantity quantity) {
        return value(quantity, MINUTES - 1);
    }

    /** Publishes everything, statuses first, as the stations would; {@code prefix} is the topic prefix. */
    void publish(TestClient gateway, String prefix) throws Exception {
        gateway.publishRetained(prefix + "/" + AIR + "/status", status(AIR, AIR_SITE, 16.0748, 108.1514, airSensors()));
        gateway.publishRetained(prefix + "/" + RIVER + "/status", status(RIVER, RIVER_SITE, 15.9964, 108.2062,
                List.of(new SensorDescription("level", "ultrasonic", List.of(Quantity.WATER_LEVEL)))));
        for (int minute = 0; minute < MINUTES; minute += 10) {
            gateway.publish(prefix + "/" + AIR + "/readings", SenmlCodec.encode(AIR, airReadings(minute, minute + 10)));
        }
        List<Reading> level = new ArrayList<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            level.add(new Reading("level", Quantity.WATER_LEVEL, 2.0 + minute / 100.0, time(minute)));
        }
        gateway.publish(prefix + "/" + RIVER + "/readings", SenmlCodec.encode(RIVER, level));
        gateway.publish(prefix + "/" + AIR + "/health", health(time(MINUTES - 11), 10));
        gateway.publish(prefix + "/" + AIR + "/health", health(time(MINUTES - 1), BACKLOG));
        gateway.publish(prefix + "/" + AIR + "/aggregates", AggregateCodec.encode(AIR, aggregates()));
        gateway.publish(prefix + "/" + AIR + "/alerts/pm25-hourly", new AlertEvent("pm25-hourly", true, time(MINUTES - 15),
                AlertEvent.Severity.WARNING, "s-pm2-5/pm2_5/mean_1h", 61.5, 50).toJson());
        gateway.publish(prefix + "/" + RIVER + "/alerts/flood", new AlertEvent("flood", true, time(10),
                AlertEvent.Severity.CRITICAL, "level/water_level", 2.6, 2.5).toJson());
        gateway.publish(prefix + "/" + RIVER + "/alerts/flood", new AlertEvent("flood", false, time(40),
                AlertEvent.Severity.CRITICAL, "level/water_level", 2.2, 2.3).toJson());
    }

    /** The river station's Last Will, published once its online status is stored. */
    void publishRiverOffline(TestClient gateway, String prefix) throws Exception {
        gateway.publishRetained(prefix + "/" + RIVER + "/status", new String(new GatewayStatus(GatewayStatus.OFFLINE, RIVER,
                "0.3.0", System.currentTimeMillis()).toJson(), StandardCharsets.UTF_8));
    }

    long time(int minute) {
        return lastReading - (MINUTES - 1 - minute) * 60_000L;
    }

    private static List<SensorDescription> airSensors() {
        List<SensorDescription> sensors = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            sensors.add(new SensorDescription(sensorOf(quantity), "model-" + quantity.id().replace('_', '-'),
                    List.of(quantity)));
        }
        return sensors;
    }

    private static String status(String gateway, String site, double lat, double lon, List<SensorDescription> sensors) {
        return new String(new GatewayStatus(GatewayStatus.ONLINE, gateway, "0.3.0", System.currentTimeMillis(),
                new StationDescription(site, Optional.of(new Location(lat, lon, OptionalDouble.of(5))), sensors)).toJson(),
                StandardCharsets.UTF_8);
    }

    private List<Reading> airReadings(int fromMinute, int toMinute) {
        List<Reading> readings = new ArrayList<>();
        for (int minute = fromMinute; minute < toMinute; minute++) {
            for (Quantity quantity : Quantity.values()) {
                Quality quality = minute == SUSPECT_MINUTE ? new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN)
                        : minute == FAIL_MINUTE ? new Quality(QcFlag.FAIL, Set.of(QcTest.FLAT_LINE), Double.NaN)
                        : Quality.GOOD;
                readings.add(new Reading(sensorOf(quantity), quantity, value(quantity, minute), time(minute), quality));
            }
        }
        return readings;
    }

    private static byte[] health(long timeMillis, long backlog) {
        List<GatewayHealth.SensorHealth> sensors = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            String id = sensorOf(quantity);
            boolean silent = id.equals(SILENT_SENSOR);
            sensors.add(new GatewayHealth.SensorHealth(id, "model-" + quantity.id().replace('_', '-'), "/dev/ttyUSB0",
                    silent ? "no_response" : "ok", silent ? 7 : 0, silent ? "no answer within 2s" : "",
                    Optional.of(new QcCounts(58, 0, 1, 1))));
        }
        return new GatewayHealth(AIR, "0.3.0", OptionalLong.of(timeMillis), 7200, backlog, 12.5, 1000, 3, 0, 1_000_000,
                1_000_000_000L, "synchronized", 0, 0, sensors).toJson();
    }

    private Aggregates aggregates() {
        List<WindowStats> windows = new ArrayList<>();
        List<StationIndex> indexes = new ArrayList<>();
        for (int i = 0; i < HOURLY_VN_AQI.length; i++) {
            long start = currentHour - (HOURLY_VN_AQI.length - i) * 3_600_000L;
            windows.add(new WindowStats(SILENT_SENSOR, Quantity.PM2_5, AggregateWindow.HOUR, start, 360, 20.0 + i * 20,
                    5, 90, 1.0));
            indexes.add(new StationIndex(IndexScale.VN, AggregateWindow.HOUR, start, HOURLY_VN_AQI[i],
                    StationIndex.categoryOf(HOURLY_VN_AQI[i]), Quantity.PM2_5));
        }
        indexes.add(new StationIndex(IndexScale.VN, AggregateWindow.DAY, currentHour / 86_400_000 * 86_400_000, DAILY_VN_AQI,
                StationIndex.categoryOf(DAILY_VN_AQI), Quantity.PM10));
        return new Aggregates(windows, indexes);
    }
}
