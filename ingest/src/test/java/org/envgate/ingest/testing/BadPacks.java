package org.envgate.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The cases of {@code packs/bad.txt}: messages ingest must reject, each with the reason expected. */
public final class BadPacks {

    /** One bad message; {@code payload} still holds the NOW placeholder. */
    public record Case(String name, String topic, String reason, String payload) {

        public byte[] payloadAt(long nowMillis) {
            return payload.replace("NOW", String.format("%d.%03d", nowMillis / 1000, nowMillis % 1000))
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** The gateway level of the topic, which names the dead-letter topic. */
        public String gatewayLevel() {
            String[] levels = topic.split("/");
            return levels[levels.length - 2];
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private BadPacks() {
    }

    public static List<Case> all() throws IOException {
        List<Case> cases = new ArrayList<>();
        String text;
        try (InputStream in = BadPacks.class.getResourceAsStream("/packs/bad.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String name = null;
        String topic = null;
        String reason = null;
        StringBuilder payload = new StringBuilder();
        for (String line : (text + "\n== end\n").split("\n")) {
            if (line.startsWith("#") || (line.isBlank() && name == null)) {
                continue;
            }
            if (line.startsWith("== ")) {
                if (name != null) {
                    cases.add(new Case(name, topic, reason, payload.toString().strip()));
                }
                name = line.substring(3).strip();
                topic = "envgate/gw-bad/readings";
                reason = null;
                payload.setLength(0);
            } else if (line.startsWith("topic: ")) {
                topic = line.substring(7).strip();
            } else if (line.startsWith("reason: ")) {
                reason = line.substring(8).strip();
            } else {
                payload.append(line).append('\n');
            }
        }
        return cases;
    }
}
