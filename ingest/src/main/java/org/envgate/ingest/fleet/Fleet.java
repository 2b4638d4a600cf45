package org.envgate.ingest.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.envgate.ingest.decode.StateCodes;
import org.envgate.ingest.decode.StationEvents;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Reading;

/**
 * What the fleet page shows of every gateway: online or offline (its retained status, or the
 * Last Will that replaced it), when it was last heard from (any message of its own, so not
 * its Last Will), its backlog and its sensors in fault
 * (its health reports), and its latest value per sensor and quantity. Memory is bounded whatever
 * the broker carries: at most {@value #MAX_STATIONS} gateways are listed, and at most
 * {@value #MAX_VALUES} values and {@value #MAX_FAULTS} faults per gateway; what is beyond is
 * counted, not kept.
 */
public final class Fleet implements StationEvents {

    public static final int MAX_STATIONS = 1_000;
    public static final int MAX_VALUES = 64;
    public static final int MAX_FAULTS = 64;
    /** Gateways named in the verdict line; the rest are counted. */
    private static final int NAMED_IN_VERDICT = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A sensor whose state says it gives no good readings. */
    private record Fault(String sensor, String state, String fault) {
    }

    private record Latest(String sensor, String quantity, String unit, double value, long timeMillis, int qc) {
    }

    private static final class Station {
        final String id;
        String state = "unknown";
        String site = "";
        String version = "";
        long lastSeenMillis;
        long stateSinceMillis;
        OptionalLong backlog = OptionalLong.empty();
        OptionalDouble oldestUnsentAgeSeconds = OptionalDouble.empty();
        long healthMillis;
        List<Fault> faults = List.of();
        final Map<String, Latest> latest = new TreeMap<>();

        Station(String id) {
            this.id = id;
        }

        boolean offline() {
            return state.equals(GatewayStatus.OFFLINE);
        }

        /** Offline first, then those with sensors in fault, then the rest. */
        int rank() {
            return offline() ? 0 : !faults.isEmpty() ? 1 : 2;
        }
    }

    private final Map<String, Station> stations = new LinkedHashMap<>();
    private long unlistedMessages;

    @Override
    public synchronized void status(String gateway, GatewayStatus status, long receivedMillis) {
        Station station = station(gateway);
        if (station == null) {
            return;
        }
        // The Last Will comes from the broker, not from the gateway: it is no sign of life.
        if (!status.state().equals(GatewayStatus.OFFLINE)) {
            seen(station, receivedMillis);
        }
        if (!station.state.equals(status.state())) {
            station.stateSinceMillis = receivedMillis;
        }
        station.state = status.state();
        if (!status.version().isEmpty()) {
            station.version = status.version();
        }
        if (!status.station().site().isEmpty()) {
            station.site = status.station().site();
        }
    }

    @Override
    public synchronized void health(String gateway, GatewayHealth health, long receivedMillis) {
        Station station = station(gateway);
        if (station == null) {
            return;
        }
        seen(station, receivedMillis);
        station.healthMillis = receivedMillis;
        station.backlog = OptionalLong.of(health.backlog());
        station.oldestUnsentAgeSeconds = OptionalDouble.of(health.oldestUnsentAgeSeconds());
        if (!health.version().isEmpty()) {
            station.version = health.version();
        }
        List<Fault> faults = new ArrayList<>();
        for (GatewayHealth.SensorHealth sensor : health.sensors()) {
            if (inFault(sensor.state()) && faults.size() < MAX_FAULTS) {
                faults.add(new Fault(sensor.id(), sensor.state(), sensor.fault()));
            }
        }
        station.faults = List.copyOf(faults);
    }

    @Override
    public synchronized void readings(String gateway, List<Reading> readings, long receivedMillis) {
        Station station = station(gateway);
        if (station == null) {
            return;
        }
        seen(station, receivedMillis);
        for (Reading reading : readings) {
            String key = reading.sensor() + "/" + reading.quantity().id();
            Latest known = station.latest.get(key);
            if (known == null && station.latest.size() >= MAX_VALUES) {
                continue;
            }
            if (known == null || known.timeMillis() <= reading.timeMillis()) {
                station.latest.put(key, new Latest(reading.sensor(), reading.quantity().id(), reading.quantity().unit(),
                        reading.value(), reading.timeMillis(), reading.quality().flag().code()));
            }
        }
    }

    /** No response, a sensor error, a port fault, or a state this version does not know. */
    static boolean inFault(String state) {
        return StateCodes.sensor(state) >= StateCodes.sensor("no_response");
    }

    private static void seen(Station station, long receivedMillis) {
        station.lastSeenMillis = Math.max(station.lastSeenMillis, receivedMillis);
    }

    /** The gateway's entry, made on its first message; none when the list is full. */
    private Station station(String gateway) {
        Station station = stations.get(gateway);
        if (station == null) {
            if (stations.size() >= MAX_STATIONS) {
                unlistedMessages++;
                return null;
            }
            station = new Station(gateway);
            stations.put(gateway, station);
        }
        return station;
    }

    /**
     * The fleet as {@code /api/fleet} gives it: a verdict, then every station, offline ones first,
     * then those with sensors in fault.
     *
     * @param extra top-level fields the page adds (its refresh, whether it has plots)
     */
    public synchronized byte[] json(long nowMillis, Map<String, Object> extra) {
        List<Station> sorted = new ArrayList<>(stations.values());
        sorted.sort(Comparator.comparingInt(Station::rank).thenComparing(station -> station.id));
        ObjectNode root = MAPPER.createObjectNode();
        root.put("time", nowMillis / 1000.0);
        extra.forEach((key, value) -> root.set(key, MAPPER.valueToTree(value)));
        ObjectNode verdict = root.putObject("verdict");
        verdict(sorted, verdict);
        root.put("unlisted_messages", unlistedMessages);
        root.put("max_stations", MAX_STATIONS);
        ArrayNode list = root.putArray("stations");
        for (Station station : sorted) {
            ObjectNode node = list.addObject();
            node.put("gateway", station.id);
            node.put("state", station.state);
            node.put("site", station.site);
            node.put("version", station.version);
            node.put("last_seen", station.lastSeenMillis / 1000.0);
            node.put("last_seen_age_s", Math.max(0, nowMillis - station.lastSeenMillis) / 1000.0);
            if (station.stateSinceMillis > 0) {
                node.put("state_since", station.stateSinceMillis / 1000.0);
            }
            if (station.backlog.isPresent()) {
                node.put("backlog", station.backlog.getAsLong());
                node.put("oldest_unsent_age_s", station.oldestUnsentAgeSeconds.orElse(0));
                node.put("health_age_s", Math.max(0, nowMillis - station.healthMillis) / 1000.0);
            }
            ArrayNode faults = node.putArray("faults");
            for (Fault fault : station.faults) {
                faults.addObject().put("sensor", fault.sensor()).put("state", fault.state()).put("fault", fault.fault());
            }
            ArrayNode values = node.putArray("values");
            for (Latest latest : station.latest.values()) {
                values.addObject()
                        .put("sensor", latest.sensor())
                        .put("quantity", latest.quantity())
                        .put("unit", latest.unit())
                        .put("value", latest.value())
                        .put("time", latest.timeMillis() / 1000.0)
                        .put("age_s", Math.max(0, nowMillis - latest.timeMillis()) / 1000.0)
                        .put("qc", latest.qc());
            }
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }

    /** One line: all good, or what is wrong, worst first; its level names the colour. */
    private static void verdict(List<Station> sorted, ObjectNode verdict) {
        List<String> offline = sorted.stream().filter(Station::offline).map(s -> s.id).toList();
        List<String> faulty = sorted.stream().filter(s -> !s.faults.isEmpty()).map(s -> s.id).toList();
        int total = sorted.size();
        if (total == 0) {
            verdict.put("level", "unknown").put("text", "No station has been heard from yet");
            return;
        }
        StringBuilder text = new StringBuilder();
        String level;
        if (!offline.isEmpty()) {
            level = "bad";
            text.append(offline.size()).append(" of ").append(total).append(total == 1 ? " station" : " stations")
                    .append(" offline: ").append(named(offline));
            if (!faulty.isEmpty()) {
                text.append("; ").append(faulty.size()).append(" with sensors in fault: ").append(named(faulty));
            }
        } else if (!faulty.isEmpty()) {
            level = "warn";
            text.append(faulty.size()).append(" of ").append(total).append(total == 1 ? " station" : " stations")
                    .append(" with sensors in fault: ").append(named(faulty));
        } else {
            level = "ok";
            text.append(total == 1 ? "The station is" : "All " + total + " stations are")
                    .append(" online, no sensor in fault");
        }
        verdict.put("level", level).put("text", text.toString());
    }

    private static String named(List<String> ids) {
        String shown = String.join(", ", ids.subList(0, Math.min(NAMED_IN_VERDICT, ids.size())));
        return ids.size() > NAMED_IN_VERDICT ? shown + " and " + (ids.size() - NAMED_IN_VERDICT) + " more" : shown;
    }
}
