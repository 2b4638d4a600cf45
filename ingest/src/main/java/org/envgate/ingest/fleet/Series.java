package org.envgate.ingest.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.envgate.wire.Quantity;

/**
 * One quantity of one gateway over the last 24 hours, as the plot draws it: the mean of each
 * step of {@link #STEP_SECONDS} on a fixed grid of {@link #POINTS} times, one line per sensor
 * ({@code null} where a step has no reading). At most {@link #MAX_SENSORS} sensors.
 */
final class Series {

    static final long STEP_SECONDS = 300;
    static final int POINTS = (int) (24 * 3600 / STEP_SECONDS);
    static final int MAX_SENSORS = 16;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String gateway;
    private final Quantity quantity;
    /** The first step's start, epoch seconds. */
    private final long startSeconds;
    private final Map<String, Double[]> sensors = new LinkedHashMap<>();

    /** The grid whose last step holds {@code nowMillis}. */
    Series(String gateway, Quantity quantity, long nowMillis) {
        this.gateway = gateway;
        this.quantity = quantity;
        this.startSeconds = (nowMillis / 1000 / STEP_SECONDS - POINTS + 1) * STEP_SECONDS;
    }

    long startSeconds() {
        return startSeconds;
    }

    /** Sets a sensor's mean for the step that starts at or holds {@code timeSeconds}; outside the grid, or beyond the sensors kept, it is left out. */
    void put(String sensor, double timeSeconds, double mean) {
        long index = (long) Math.floor((timeSeconds - startSeconds) / STEP_SECONDS);
        if (index < 0 || index >= POINTS || Double.isNaN(mean)) {
            return;
        }
        Double[] values = sensors.get(sensor);
        if (values == null) {
            if (sensors.size() >= MAX_SENSORS) {
                return;
            }
            values = new Double[POINTS];
            sensors.put(sensor, values);
        }
        values[(int) index] = mean;
    }

    byte[] json() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("gateway", gateway);
        root.put("quantity", quantity.id());
        root.put("unit", quantity.unit());
        root.put("step_s", STEP_SECONDS);
        ArrayNode times = root.putArray("times");
        for (int i = 0; i < POINTS; i++) {
            times.add(startSeconds + i * STEP_SECONDS);
        }
        ArrayNode lines = root.putArray("sensors");
        sensors.forEach((sensor, values) -> {
            ObjectNode line = lines.addObject();
            line.put("sensor", sensor);
            ArrayNode points = line.putArray("values");
            Arrays.stream(values).forEach(value -> {
                if (value == null) {
                    points.addNull();
                } else {
                    points.add(value);
                }
            });
        });
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }
}
