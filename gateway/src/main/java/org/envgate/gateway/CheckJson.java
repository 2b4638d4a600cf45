package org.envgate.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.envgate.drivers.Measurement;

/**
 * {@code envgate check --json}: one JSON object per row of the table, on one line each, with keys
 * documented in docs/install.md and kept stable for scripts: {@code kind}, {@code sensor},
 * {@code model}, {@code port}, {@code ok}, {@code result}, {@code values}.
 */
final class CheckJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckJson() {
    }

    static String line(Check.Row row) {
        ObjectNode object = JSON.createObjectNode();
        object.put("kind", row.kind());
        if (row.kind().equals("sensor")) {
            object.put("sensor", row.sensor());
        } else {
            object.putNull("sensor");
        }
        object.put("model", row.model());
        object.put("port", row.port());
        object.put("ok", row.ok());
        object.put("result", row.result());
        ArrayNode values = object.putArray("values");
        for (Measurement m : row.values()) {
            // As the table shows it: at the sensor's resolution, no binary noise, no exponent.
            values.addObject()
                    .put("quantity", m.quantity().id())
                    .put("value", new BigDecimal(Display.value(m.value())))
                    .put("unit", m.quantity().unit());
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a check row always serialises", e);
        }
    }
}
