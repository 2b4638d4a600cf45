package org.envgate.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;

/**
 * {@code envgate probe PORT}: which known sensor answers on a port. Each model tries its own
 * safe queries at its datasheet line settings; models that share settings share one opening of
 * the port.
 */
final class Probe {

    private Probe() {
    }

    static int run(String port, PrintStream out) {
        Map<SerialSettings, List<SensorDriverProvider>> bySettings = new LinkedHashMap<>();
        DriverRegistry registry = DriverRegistry.load();
        Set<String> groups = new LinkedHashSet<>();
        for (String model : registry.models()) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            if (groups.add(provider.probeGroup())) {
                bySettings.computeIfAbsent(provider.defaultSerialSettings(), s -> new ArrayList<>()).add(provider);
            }
        }
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<SerialSettings, List<SensorDriverProvider>> group : bySettings.entrySet()) {
            out.println("trying " + port + " at " + group.getKey() + " ...");
            Link link;
            try {
                link = Links.open(port, group.getKey());
            } catch (IOException e) {
                out.println(e.getMessage());
                return Main.FAULT;
            }
            try (link) {
                for (SensorDriverProvider provider : group.getValue()) {
                    link.discardInput();
                    Optional<String> answer = provider.probe(link);
                    if (answer.isPresent() && found.add(answer.get())) {
                        out.println("  found " + provider.probeGroup() + ": " + answer.get());
                    }
                }
            } catch (IOException e) {
                out.println("  " + e.getMessage());
            }
        }
        if (found.isEmpty()) {
            out.println("nothing answered on " + port + " (tried: " + String.join(", ", registry.models())
                    + "). Check power and wiring (sensor TX to the gateway's RX), and that no serial console uses the port.");
            return Main.FAULT;
        }
        return Main.OK;
    }
}
