package org.envgate.gateway;

import com.pi4j.context.Context;
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
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.I2cDriverProvider;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.PortAccessDeniedException;
import org.envgate.link.PortBusyException;
import org.envgate.link.PortNotFoundException;
import org.envgate.link.SerialSettings;

/**
 * {@code envgate probe PORT}: which known sensor answers on a port. Each model tries its own
 * safe queries at its datasheet line settings; models that share settings share one opening of
 * the port. On an I2C bus ({@code i2c:1}) each I2C model reads at its usual addresses.
 */
final class Probe {

    private Probe() {
    }

    static int run(String port, PrintStream out) {
        if (I2cPort.isI2c(port)) {
            return runI2c(port, out);
        }
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
            out.println("nothing answered on " + port + " (tried: " + String.join(", ", serialModels())
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
        return identify(port, model -> true, progress);
    }

    /** {@link #identify(String, Consumer)} with only the models {@code tried} accepts, e.g. one a check suspects. */
    static Set<String> identify(String port, Predicate<String> tried, Consumer<String> progress) throws IOException {
        Map<SerialSettings, List<SensorDriverProvider>> bySettings = new LinkedHashMap<>();
        DriverRegistry registry = DriverRegistry.load();
        Set<String> groups = new LinkedHashSet<>();
        for (String model : serialModels().stream().filter(tried).toList()) {
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

    /** The models probed on a serial or TCP port: all but those on I2C. */
    private static List<String> serialModels() {
        DriverRegistry registry = DriverRegistry.load();
        return registry.models().stream()
                .filter(model -> !(registry.find(model).orElseThrow() instanceof I2cDriverProvider)).toList();
    }

    /** {@code envgate probe i2c:<bus>}: each I2C model at each of its addresses, through the kernel's {@code /dev/i2c-<bus>}. */
    private static int runI2c(String port, PrintStream out) {
        int bus;
        try {
            bus = I2cPort.parseBus(port);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return Main.USAGE;
        }
        Context context;
        try {
            context = GpioPlatforms.i2c(bus);
        } catch (IOException e) {
            out.println(e.getMessage());
            return Main.FAULT;
        }
        try {
            return reportI2c(bus, identifyI2c(context, bus, out::println), out);
        } finally {
            context.shutdown();
        }
    }

    /** Prints what {@link #identifyI2c} found on {@code bus}; the exit status. */
    static int reportI2c(int bus, Set<String> found, PrintStream out) {
        for (String answer : found) {
            out.println("  found " + answer);
        }
        if (found.isEmpty()) {
            out.println("nothing answered on i2c:" + bus + " (tried: " + i2cModels().stream()
                    .map(p -> p.model() + " at " + p.addresses().stream().map(I2cPort::hex).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; ")) + "). Check power and wiring (SDA to SDA, SCL to SCL), and the "
                    + "address pin (SDO on a BME280, ADDR on an SHT3x).");
            return Main.FAULT;
        }
        return Main.OK;
    }

    /**
     * What answers at the usual addresses of each I2C model on {@code bus} of {@code context}: a
     * BME280 by its chip id, an SHT3x by its status word and CRC. Each answer names the config model.
     *
     * @param progress hears which address is being tried
     */
    static Set<String> identifyI2c(Context context, int bus, Consumer<String> progress) {
        Set<String> found = new LinkedHashSet<>();
        for (I2cDriverProvider provider : i2cModels()) {
            for (int address : provider.addresses()) {
                I2cPort at = new I2cPort(bus, address);
                progress.accept("trying " + provider.model() + " at " + at + " ...");
                try (I2cDevice device = I2cDevice.open(context, at)) {
                    provider.probe(device).ifPresent(answer -> found.add(provider.model() + ": " + answer));
                } catch (I2cNoAnswerException e) {
                    // nothing at this address
                } catch (IOException e) {
                    progress.accept("  " + e.getMessage());
                }
            }
        }
        return found;
    }

    private static List<I2cDriverProvider> i2cModels() {
        DriverRegistry registry = DriverRegistry.load();
        return registry.models().stream().map(model -> registry.find(model).orElseThrow())
                .filter(I2cDriverProvider.class::isInstance).map(I2cDriverProvider.class::cast).toList();
    }
}
