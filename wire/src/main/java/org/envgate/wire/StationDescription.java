package org.envgate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a gateway's status message says about its station: the site, where it stands, and each
 * sensor's model and quantities. The agency tags the station's points with it and draws its map
 * from it.
 *
 * @param site     {@code gateway.site}, {@code [a-z0-9-]+}; empty when the gateway has none
 * @param location {@code gateway.location}, when configured
 * @param sensors  one entry per configured sensor, in config order
 */
public record StationDescription(String site, Optional<Location> location, List<SensorDescription> sensors) {

    /** A status message that describes nothing (an older gateway's, or a simulated one's). */
    public static final StationDescription NONE = new StationDescription("", Optional.empty(), List.of());

    /** Sensors in one description at most. */
    public static final int MAX_SENSORS = 64;
    /** Quantities of one sensor at most. */
    public static final int MAX_QUANTITIES = 64;

    /**
     * One sensor: its id and model ({@code [a-z0-9-]+}) and the quantities it reports.
     */
    public record SensorDescription(String id, String model, List<Quantity> quantities) {
    }

    /** The sensor with this id, if the description names it. */
    public Optional<SensorDescription> sensor(String id) {
        return sensors.stream().filter(sensor -> sensor.id().equals(id)).findFirst();
    }

    /** Writes {@code site} (when set), {@code location} (when set) and {@code sensors} into a status message. */
    void writeTo(JsonGenerator json) throws IOException {
        if (!site.isEmpty()) {
            json.writeStringField("site", site);
        }
        if (location.isPresent()) {
            Location where = location.get();
            json.writeObjectFieldStart("location");
            json.writeNumberField("lat", where.lat());
            json.writeNumberField("lon", where.lon());
            if (where.elevation().isPresent()) {
                json.writeNumberField("elevation", where.elevation().getAsDouble());
            }
            json.writeEndObject();
        }
        if (!sensors.isEmpty()) {
            // One entry per id, where the id first comes, holding its last sensor: a JSON object has each key once.
            Map<String, SensorDescription> byId = new LinkedHashMap<>();
            sensors.forEach(sensor -> byId.put(sensor.id(), sensor));
            json.writeObjectFieldStart("sensors");
            for (SensorDescription sensor : byId.values()) {
                json.writeObjectFieldStart(sensor.id());
                json.writeStringField("model", sensor.model());
                json.writeArrayFieldStart("quantities");
                for (Quantity quantity : sensor.quantities()) {
                    json.writeString(quantity.id());
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    private static final Set<String> DECLARED_FOR_LOCATION = Set.of("lat", "lon", "elevation");
    private static final Set<String> DECLARED_FOR_SENSOR = Set.of("model", "quantities");

    /**
     * Reads {@code site}, {@code location} and {@code sensors} of a status message, each optional:
     * the site and every sensor id and model as {@link Reading#isId}, latitude, longitude and
     * elevation within {@link Location}'s ranges, at most {@value #MAX_SENSORS} sensors of at most
     * {@value #MAX_QUANTITIES} quantities, each quantity once. Keys not declared, and quantity
     * names this version does not know, are ignored and counted.
     */
    static Read read(DeclaredFields status) throws JsonException {
        int ignored = 0;
        String site = "";
        if (status.has("site")) {
            site = status.text("site");
            if (!Reading.isId(site)) {
                throw new JsonException("status: site '" + SenmlCodec.printable(site) + "' must match [a-z0-9-]+ and be"
                        + " at most " + Reading.MAX_ID_LENGTH + " characters");
            }
        }
        Optional<Location> location = Optional.empty();
        if (status.has("location")) {
            DeclaredFields at = new DeclaredFields("status: location", status.raw("location"), DECLARED_FOR_LOCATION);
            ignored += at.unknownKeys();
            location = Optional.of(location(at));
        }
        List<SensorDescription> sensors = List.of();
        if (status.has("sensors")) {
            Map<?, ?> bySensor = status.object("sensors");
            if (bySensor.size() > MAX_SENSORS) {
                throw new JsonException("status: " + bySensor.size() + " sensors, more than " + MAX_SENSORS);
            }
            List<SensorDescription> described = new ArrayList<>(bySensor.size());
            for (Map.Entry<?, ?> entry : bySensor.entrySet()) {
                String id = (String) entry.getKey();
                if (!Reading.isId(id)) {
                    throw new JsonException("status: sensor id '" + SenmlCodec.printable(id) + "' must match "
                            + "[a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH + " characters");
                }
                DeclaredFields sensor = new DeclaredFields("status of sensor '" + id + "'", entry.getValue(),
                        DECLARED_FOR_SENSOR);
                ignored += sensor.unknownKeys();
                String model = sensor.text("model");
                if (!Reading.isId(model)) {
                    throw new JsonException("status of sensor '" + id + "': model '" + SenmlCodec.printable(model)
                            + "' must match [a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH + " characters");
                }
                List<?> names = sensor.list("quantities");
                if (names.size() > MAX_QUANTITIES) {
                    throw new JsonException("status of sensor '" + id + "': " + names.size() + " quantities, more than "
                            + MAX_QUANTITIES);
                }
                List<Quantity> quantities = new ArrayList<>(names.size());
                Set<String> seen = new HashSet<>();
                for (Object name : names) {
                    if (!(name instanceof String text) || text.length() > Reading.MAX_ID_LENGTH) {
                        throw new JsonException("status of sensor '" + id + "': each quantity must be a name of at most "
                                + Reading.MAX_ID_LENGTH + " characters");
                    }
                    if (!seen.add(text)) {
                        throw new JsonException("status of sensor '" + id + "': quantity '" + SenmlCodec.printable(text)
                                + "' is named twice");
                    }
                    Optional<Quantity> quantity = Quantity.byId(text);
                    if (quantity.isPresent()) {
                        quantities.add(quantity.get());
                    } else {
                        ignored++;
                    }
                }
                described.add(new SensorDescription(id, model, List.copyOf(quantities)));
            }
            sensors = List.copyOf(described);
        }
        return new Read(new StationDescription(site, location, sensors), ignored);
    }

    private static Location location(DeclaredFields at) throws JsonException {
        double lat = coordinate(at, "lat");
        double lon = coordinate(at, "lon");
        OptionalDouble elevation = at.has("elevation") ? OptionalDouble.of(coordinate(at, "elevation"))
                : OptionalDouble.empty();
        String problem = Location.latitudeProblem(lat);
        if (problem.isEmpty()) {
            problem = Location.longitudeProblem(lon);
        }
        if (problem.isEmpty() && elevation.isPresent()) {
            problem = Location.elevationProblem(elevation.getAsDouble());
        }
        if (!problem.isEmpty()) {
            throw new JsonException("status: location: " + problem);
        }
        return new Location(lat, lon, elevation);
    }

    /** A finite number; -0 read as 0, so what is read writes back the same. */
    private static double coordinate(DeclaredFields at, String key) throws JsonException {
        return at.number(key) + 0.0;
    }

    /** A description as read, with how many keys and quantity names were ignored. */
    record Read(StationDescription description, int ignored) {
    }
}
