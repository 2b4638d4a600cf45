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
import java.util.function.Consumer;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.PortAccessDeniedException;
import org.envgate.link.PortBusyException;
import org.envgate.link.PortNotFoundException;
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
        Set<String> found;
        try {
            found = identify(port, out::println);
        } catch (IOException e) {
            out.println(e.getMessage());
            return Main.FAULT;
        }
        for (String answer : found) {
            out.println("  found " + answer);
        }
        if (found.isEmpty()) {
            out.println("nothing answered on " + port + " (tried: " + String.join(", ", DriverRegistry.load().models())
                    + "). Check power and wiring (sensor TX to the gateway's RX), and that no serial console uses the port.");
            return Main.FAULT;
        }
        return Main.OK;
    }

    /**
     * What answers on a port, each answer naming its probe group and the config model, e.g.
     * {@code plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), passive mode, ...};
     * empty when nothing did.
     *
     * @param progress hears which line settings are being tried
     * @throws IOException when the port cannot be opened at all
     */
    static Set<String> identify(String port, Consumer<String> progress) throws IOException {
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
            progress.accept("trying " + port + " at " + group.getKey() + " ...");
            try (Link link = Links.open(port, group.getKey())) {
                for (SensorDriverProvider provider : group.getValue()) {
                    link.discardInput();
                    provider.probe(link).ifPresent(answer -> found.add(provider.probeGroup() + ": " + answer));
                }
            } catch (PortNotFoundException | PortAccessDeniedException | PortBusyException e) {
                throw e;
            } catch (IOException e) {
                progress.accept("  " + e.getMessage());
            }
        }
        return found;
    }
}
