package org.envgate.ingest.decode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envgate.common.config.Units;
import org.envgate.ingest.config.MqttSettings;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.JsonException;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.SenmlException;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;

/**
 * Turns one message from {@code P/G/readings}, {@code P/G/aggregates}, {@code P/G/status},
 * {@code P/G/health} or {@code P/G/alerts/<rule>} into
 * points, or rejects it whole with the reason. Strict: anything a gateway would not send is a
 * rejection, and a gateway can only write under its own id.
 *
 * <p>The schema (docs/ingest.md): a reading is a point in the measurement named after its
 * quantity, tagged gateway, sensor and, where the station's status or the config names them,
 * model and site, with the field {@code value} and the reading's own time, within its
 * quantity's plausible range. A
 * window's statistics are a point in {@code <quantity>_<window>} with the reading's tags, an
 * index value a point in {@code aqi}, both at the window's start. Status
 * and health become points of fixed fields in {@code gateway_status}, {@code gateway_health}
 * and {@code sensor_health}, states with their numeric codes ({@link StateCodes}); a status
 * also tells {@link Stations} what the gateway's station is.
 */
public final class PackDecoder {

    public static final String STATUS_MEASUREMENT = "gateway_status";
    public static final String HEALTH_MEASUREMENT = "gateway_health";
    public static final String SENSOR_HEALTH_MEASUREMENT = "sensor_health";
    /** {@code qc_spike}, {@code qc_flat_line}, ...: set to 1 on a reading that test flagged. */
    public static final String QC_TEST_FIELD_PREFIX = "qc_";
    public static final String INDEX_MEASUREMENT = "aqi";
    public static final String ALERT_MEASUREMENT = "alert";
    /** {@code dominant_pm2_5}, ...: set to 1 on an index value that pollutant dominates. */
    public static final String DOMINANT_FIELD_PREFIX = "dominant_";


    private final String topicPrefix;
    private final PackLimits limits;
    private final Stations stations;
    private final boolean textFields;
    private final StationEvents events;

    public PackDecoder(String topicPrefix, PackLimits limits, Stations stations, boolean textFields) {
        this(topicPrefix, limits, stations, textFields, StationEvents.NONE);
    }

    /**
     * @param stations   where each gateway's tags come from; every status message updates it
     * @param textFields false for a store that keeps only numbers (VictoriaMetrics makes a text
     *                   field a series of zeros): text fields are left out, their codes stay
     * @param events     told of every status, health report and pack of readings accepted
     */
    public PackDecoder(String topicPrefix, PackLimits limits, Stations stations, boolean textFields,
                       StationEvents events) {
        this.topicPrefix = topicPrefix + "/";
        this.limits = limits;
        this.stations = stations;
        this.textFields = textFields;
        this.events = events;
    }

    private LineProtocol line(String measurement) {
        return new LineProtocol(measurement, textFields);
    }

    /**
     * @param receivedMillis when the message arrived: "now" for the time window, and the time
     *                       of status points
     */
    public Decoded decode(String topic, byte[] payload, long receivedMillis) {
        if (!topic.startsWith(topicPrefix)) {
            return new Decoded.Rejected("_unknown", RejectReason.TOPIC,
                    "topic '" + topic + "' is outside prefix '" + topicPrefix + "'");
        }
        String[] levels = topic.substring(topicPrefix.length()).split("/", -1);
        // Alert events carry their rule as a third level; every other kind has two.
        boolean alert = levels.length > 1 && levels[1].equals("alerts");
        if (levels.length != (alert ? 3 : 2)) {
            return new Decoded.Rejected("_unknown", RejectReason.TOPIC,
                    "topic '" + topic + "' is not " + topicPrefix + "<gateway>/<kind>"
                    + " or " + topicPrefix + "<gateway>/alerts/<rule>");
        }
        String gateway = levels[0];
        if (gateway.equals(MqttSettings.DEAD_LETTER_LEVEL)) {
            return new Decoded.Ignored();
        }
        if (!Reading.isId(gateway)) {
            return new Decoded.Rejected(gateway, RejectReason.TOPIC, "gateway id '" + gateway + "' in the topic must "
                    + "match [a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH + " characters");
        }
        if (payload.length > limits.maxBytes()) {
            return new Decoded.Rejected(gateway, RejectReason.TOO_LARGE,
                    "message of " + payload.length + " bytes is larger than max-size " + limits.maxBytes());
        }
        try {
            return switch (levels[1]) {
                case "readings" -> readings(gateway, payload, receivedMillis);
                case "aggregates" -> aggregates(gateway, payload, receivedMillis);
                case "status" -> status(gateway, payload, receivedMillis);
                case "health" -> health(gateway, payload, receivedMillis);
                case "alerts" -> alert(gateway, levels[2], payload, receivedMillis);
                default -> new Decoded.Rejected(gateway, RejectReason.TOPIC,
                        "unknown message kind '" + levels[1] + "'");
            };
        } catch (Rejection e) {
            return new Decoded.Rejected(gateway, e.reason, e.getMessage());
        } catch (RuntimeException e) {
            // A payload no check foresaw must still be rejected, not stop the service.
            return new Decoded.Rejected(gateway, RejectReason.UNDECODABLE, "undecodable: " + e);
        }
    }

    /**
     * Reads a status message only for what it says about the station, e.g. a retained one read
     * before ingest's session starts; anything else, or a status it would reject, changes nothing.
     */
    public void learnStation(String topic, byte[] payload, long receivedMillis) {
        if (topic.endsWith("/status")) {
            decode(topic, payload, receivedMillis);
        }
    }

    private Decoded readings(String gateway, byte[] payload, long now) throws Rejection {
        List<Reading> readings = PlainPackReader.read(gateway, payload);
        if (readings == null) {
            readings = strictReadings(gateway, payload, now);
        }
        StationTags station = stations.tags(gateway);
        List<String> lines = new ArrayList<>(readings.size());
        Set<Identity> seen = new HashSet<>(readings.size() * 2);
        long[] byFlag = new long[QcFlag.values().length];
        // one builder for the pack's lines, each started afresh from its sensor's head
        LineProtocol line = LineProtocol.after("", textFields);
        // Measurement and tags of each sensor's quantity, escaped once a pack rather than once a reading.
        Map<Quantity, Map<String, String>> heads = new EnumMap<>(Quantity.class);
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            checkTime(i, gateway, reading, now);
            if (!reading.quantity().isPlausible(reading.value())) {
                throw new Rejection(RejectReason.OUT_OF_RANGE, where(i, gateway, reading) + ": value " + reading.value()
                        + " of sensor '" + reading.sensor() + "' is outside the plausible range "
                        + reading.quantity().plausibleRange() + " of " + reading.quantity().id());
            }
            if (!seen.add(new Identity(reading.sensor(), reading.quantity(), reading.timeMillis()))) {
                throw new Rejection(RejectReason.MALFORMED,
                        where(i, gateway, reading) + ": a second value for the same sensor, quantity and time");
            }
            Map<String, String> sensorHeads = heads.computeIfAbsent(reading.quantity(), q -> new HashMap<>());
            String head = sensorHeads.get(reading.sensor());
            if (head == null) {
                head = head(gateway, station, reading);
                sensorHeads.put(reading.sensor(), head);
            }
            line.restart(head).field("value", reading.value());
            addQuality(line, reading.quality());
            lines.add(line.at(reading.timeMillis()));
            byFlag[reading.quality().flag().ordinal()]++;
        }
        events.readings(gateway, readings, now);
        QcCounts flags = new QcCounts(byFlag[QcFlag.PASS.ordinal()], byFlag[QcFlag.NOT_EVALUATED.ordinal()],
                byFlag[QcFlag.SUSPECT.ordinal()], byFlag[QcFlag.FAIL.ordinal()]);
        return new Decoded.Points(lines, lines.size(), flags, 0);
    }

    /** A reading's measurement and tags: {@code quantity,gateway=G,model=M,sensor=S,site=X}, model and site where known. */
    private String head(String gateway, StationTags station, Reading reading) {
        LineProtocol line = line(reading.quantity().id()).tag("gateway", gateway);
        String model = station.model(reading.sensor()).orElse(null);
        if (model != null) {
            line.tag("model", model);
        }
        line.tag("sensor", reading.sensor());
        if (station.site().isPresent()) {
            line.tag("site", station.site().get());
        }
        return line.head();
    }

    /** A pack's readings by the strict path: any pack a gateway could send, and the reason for any other. */
    static List<Reading> strictReadings(String gateway, byte[] payload, long now) throws Rejection {
        try {
            return SenmlCodec.decodeReadings(gateway, payload, now);
        } catch (SenmlException e) {
            throw new Rejection(RejectReason.MALFORMED, e.getMessage());
        }
    }

    /** Where in the pack a reading is, for a rejection's reason; built only then. */
    private static String where(int index, String gateway, Reading reading) {
        return "record " + index + " (" + gateway + "/" + reading.sensor() + "/" + reading.quantity() + ")";
    }

    private void checkTime(int index, String gateway, Reading reading, long now) throws Rejection {
        long time = reading.timeMillis();
        if (time < now - limits.maxAge().toMillis() || time > now + limits.maxAhead().toMillis()) {
            checkTime(where(index, gateway, reading), time, now);
        }
    }

    private record Identity(String sensor, Quantity quantity, long timeMillis) {
    }

    /** The measurement of a quantity's windows: {@code pm2_5_1h}. */
    public static String windowMeasurement(Quantity quantity, AggregateWindow window) {
        return quantity.id() + "_" + window.name();
    }

    /**
     * A window's statistics become one point of fields {@code mean}, {@code min}, {@code max}
     * (absent when no reading passed QC), {@code count} (integer) and {@code cover}, tagged like
     * the sensor's readings; an index value one point in {@code aqi} tagged gateway, site,
     * index and window, with fields {@code value} and {@code category} (integers),
     * {@code dominant} (text) and {@code dominant_<quantity>=1}. Both at the window's start, so
     * a window sent again lands on the same point.
     */
    private Decoded aggregates(String gateway, byte[] payload, long now) throws Rejection {
        Aggregates aggregates;
        try {
            aggregates = AggregateCodec.decode(gateway, payload, now);
        } catch (SenmlException e) {
            throw new Rejection(RejectReason.MALFORMED, e.getMessage());
        }
        StationTags station = stations.tags(gateway);
        List<String> lines = new ArrayList<>(aggregates.windows().size() + aggregates.indexes().size());
        for (WindowStats window : aggregates.windows()) {
            checkTime("window " + gateway + "/" + window.recordName(WindowStats.Stat.COUNT), window.startMillis(), now);
            LineProtocol line = line(windowMeasurement(window.quantity(), window.window())).tag("gateway", gateway);
            station.model(window.sensor()).ifPresent(model -> line.tag("model", model));
            line.tag("sensor", window.sensor());
            station.site().ifPresent(site -> line.tag("site", site));
            if (window.count() > 0) {
                line.field("mean", window.mean()).field("min", window.min()).field("max", window.max());
            }
            line.integerField("count", window.count()).field("cover", window.cover());
            lines.add(line.at(window.startMillis()));
        }
        for (StationIndex index : aggregates.indexes()) {
            checkTime("index " + gateway + "/" + index.recordName(), index.startMillis(), now);
            LineProtocol line = line(INDEX_MEASUREMENT).tag("gateway", gateway).tag("index", index.scale().id());
            station.site().ifPresent(site -> line.tag("site", site));
            line.tag("window", index.window().name())
                    .integerField("value", index.value())
                    .integerField("category", index.category())
                    .field("dominant", index.dominant().id())
                    .integerField(DOMINANT_FIELD_PREFIX + index.dominant().id(), 1);
            lines.add(line.at(index.startMillis()));
        }
        return new Decoded.Points(lines, 0);
    }

    /**
     * The reading's quality fields where it is not plainly good: {@code qc} (integer) unless it
     * passed, {@code qc_tests} (the test names) and {@code qc_<test>=1} for each test that flagged
     * it, {@code raw} when it was calibrated. The per-test fields carry the test names into
     * stores that keep only numbers (VictoriaMetrics turns a string field into zeros).
     */
    private static void addQuality(LineProtocol line, Quality quality) {
        if (quality.flag() != QcFlag.PASS) {
            line.integerField("qc", quality.flag().code());
            if (!quality.tests().isEmpty()) {
                line.field("qc_tests", quality.testNames());
                for (QcTest test : QcTest.values()) {
                    if (quality.tests().contains(test)) {
                        line.integerField(QC_TEST_FIELD_PREFIX + test.id(), 1);
                    }
                }
            }
        }
        if (quality.calibrated()) {
            line.field("raw", quality.raw());
        }
    }

    private void checkTime(String where, long timeMillis, long now) throws Rejection {
        if (timeMillis < now - limits.maxAge().toMillis()) {
            throw new Rejection(RejectReason.TIME_WINDOW,
                    where + ": time " + Instant.ofEpochMilli(timeMillis) + " is more than max-age "
                    + Units.format(limits.maxAge()) + " ago");
        }
        if (timeMillis > now + limits.maxAhead().toMillis()) {
            throw new Rejection(RejectReason.TIME_WINDOW,
                    where + ": time " + Instant.ofEpochMilli(timeMillis) + " is more than max-ahead "
                    + Units.format(limits.maxAhead()) + " in the future");
        }
    }

    private Decoded status(String gateway, byte[] payload, long now) throws Rejection {
        GatewayStatus.Received received;
        try {
            received = GatewayStatus.receive(payload);
        } catch (JsonException e) {
            throw new Rejection(RejectReason.MALFORMED, e.getMessage());
        }
        GatewayStatus status = received.status();
        checkSender(gateway, status.gateway());
        boolean online = status.state().equals(GatewayStatus.ONLINE);
        if (!online && !status.state().equals(GatewayStatus.OFFLINE)) {
            throw new Rejection(RejectReason.MALFORMED,
                    "status: state '" + status.state() + "' is neither online nor offline");
        }
        stations.describe(gateway, status.station());
        // The received time, not the message's: the Last Will carries the time it was set at connect.
        LineProtocol line = gatewayLine(STATUS_MEASUREMENT, gateway)
                .field("online", online ? 1 : 0)
                .field("state", status.state());
        if (!status.version().isEmpty()) {
            line.field("version", status.version());
        }
        stations.description(gateway).flatMap(StationDescription::location).ifPresent(location -> {
            line.field("lat", location.lat()).field("lon", location.lon());
            location.elevation().ifPresent(elevation -> line.field("elevation", elevation));
        });
        events.status(gateway, status, now);
        return new Decoded.Points(List.of(line.at(now)), received.unknownKeys());
    }

    /**
     * A health report becomes one point of fixed fields in {@code gateway_health} and one per
     * sensor in {@code sensor_health}; keys the report's schema does not declare are ignored
     * and counted, so a report cannot add a column.
     */
    private Decoded health(String gateway, byte[] payload, long now) throws Rejection {
        GatewayHealth.Received received;
        try {
            received = GatewayHealth.receive(payload);
        } catch (JsonException e) {
            throw new Rejection(RejectReason.MALFORMED, e.getMessage());
        }
        GatewayHealth health = received.health();
        checkSender(gateway, health.gateway());
        long time = now;
        if (health.timeMillis().isPresent()) {
            time = health.timeMillis().getAsLong();
            checkTime("health", time, now);
        }
        List<String> lines = new ArrayList<>(1 + health.sensors().size());
        lines.add(gatewayLine(HEALTH_MEASUREMENT, gateway)
                .field("version", health.version())
                .field("uptime_s", health.uptimeSeconds())
                .field("backlog", health.backlog())
                .field("oldest_unsent_age_s", health.oldestUnsentAgeSeconds())
                .field("sent", health.sent())
                .field("resent", health.resent())
                .field("dropped", health.dropped())
                .field("storage_used_bytes", health.storageUsedBytes())
                .field("disk_free_bytes", health.diskFreeBytes())
                .field("clock", health.clock())
                .integerField("clock_code", StateCodes.clock(health.clock()))
                .field("untimed", health.untimed())
                .field("clock_jumps", health.clockJumps())
                .at(time));
        Optional<String> site = stations.tags(gateway).site();
        for (GatewayHealth.SensorHealth sensor : health.sensors()) {
            LineProtocol line = line(SENSOR_HEALTH_MEASUREMENT).tag("gateway", gateway)
                    .tag("sensor", sensor.id());
            site.ifPresent(s -> line.tag("site", s));
            line.field("model", sensor.model())
                    .field("port", sensor.port())
                    .field("state", sensor.state())
                    .integerField("state_code", StateCodes.sensor(sensor.state()))
                    .field("faults", sensor.faults());
            if (!sensor.fault().isEmpty()) {
                line.field("fault", sensor.fault());
            }
            if (sensor.qc().isPresent()) {
                for (QcFlag flag : QcFlag.values()) {
                    line.field(QcCounts.field(flag), sensor.qc().get().of(flag));
                }
            }
            lines.add(line.at(time));
        }
        events.health(gateway, health, now);
        return new Decoded.Points(lines, received.unknownKeys());
    }

    private LineProtocol gatewayLine(String measurement, String gateway) {
        LineProtocol line = line(measurement).tag("gateway", gateway);
        stations.tags(gateway).site().ifPresent(site -> line.tag("site", site));
        return line;
    }

    /**
     * An alert event becomes one point in {@code alert} tagged gateway, rule, severity and site,
     * with fields {@code raised} (1 or 0, integer), {@code value} and {@code threshold}, at the
     * event's time: the same event delivered twice, or again as the broker's retained copy,
     * lands on the same point.
     */
    private Decoded alert(String gateway, String rule, byte[] payload, long now) throws Rejection {
        AlertEvent.Received received;
        try {
            received = AlertEvent.receive(payload);
        } catch (JsonException e) {
            throw new Rejection(RejectReason.MALFORMED, e.getMessage());
        }
        AlertEvent event = received.event();
        if (!event.rule().equals(rule)) {
            throw new Rejection(RejectReason.MALFORMED,
                    "alert of rule '" + event.rule() + "' came on the topic of rule '"
                    + rule + "'");
        }
        checkTime("alert " + gateway + "/" + rule, event.timeMillis(), now);
        LineProtocol line = line(ALERT_MEASUREMENT).tag("gateway", gateway).tag("rule", rule)
                .tag("severity", event.severity().key());
        stations.tags(gateway).site().ifPresent(site -> line.tag("site", site));
        line.integerField("raised", event.raised() ? 1 : 0).field("value", event.value())
                .field("threshold", event.threshold());
        return new Decoded.Points(List.of(line.at(event.timeMillis())), received.unknownKeys());
    }

    private static void checkSender(String topicGateway, String named) throws Rejection {
        if (!named.isEmpty() && !named.equals(topicGateway)) {
            throw new Rejection(RejectReason.MALFORMED,
                    "names gateway '" + named + "' but came on the topic of '" + topicGateway + "'");
        }
    }

    /** Why a message is rejected; caught in {@link #decode}. */
    static final class Rejection extends Exception {

        final RejectReason reason;

        Rejection(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
