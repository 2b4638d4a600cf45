package org.envgate.link;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the Pi4J context of one GPIO platform, named in the config: digital inputs (pulse
 * sensors), digital outputs (the status LED) and I2C buses (BME280, SHT3x). Never guesses: Pi4J's auto-detection would fall
 * back to mocks on a machine without GPIO, and a configured rain gauge would then report no rain
 * instead of failing.
 *
 * <ul>
 *   <li>{@code gpiod}: the GPIO character device ({@code /dev/gpiochipN}) through libgpiod, bundled
 *       for armhf and aarch64; the choice for current Raspberry Pi OS.</li>
 *   <li>{@code linuxfs}: the legacy sysfs interface ({@code /sys/class/gpio}).</li>
 *   <li>{@code mock}: Pi4J's mock inputs and outputs, driven by tests and the simulator, and a
 *       {@link MockI2cBus} whose devices are the simulator's twins.</li>
 * </ul>
 * Both real platforms reach I2C through the kernel's {@code /dev/i2c-N} (Pi4J's linuxfs I2C
 * provider): libgpiod has no I2C.
 */
public final class GpioPlatforms {

    public static final List<String> NAMES = List.of("gpiod", "linuxfs", "mock");

    private GpioPlatforms() {
    }

    /** The context of {@code platform}; the caller shuts it down when the gateway stops. */
    public static Context context(String platform) throws IOException {
        return context(platform, Path.of("/"));
    }

    /** As {@link #context(String)}, looking for the platform's device files under {@code root}. */
    static Context context(String platform, Path root) throws IOException {
        switch (platform) {
            case "mock":
                return Pi4J.newContextBuilder().add(new MockPlatform())
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                        .add(new MockI2cBus()).build();
            case "gpiod":
                if (!hasGpioChip(root.resolve("dev"))) {
                    throw cannotStart(platform, "no " + root.resolve("dev/gpiochip*") + " (not a Raspberry Pi, or a "
                            + "kernel without the GPIO character device)");
                }
                return build(platform, () -> Pi4J.newContextBuilder().add(GpioDDigitalInputProvider.newInstance(),
                        GpioDDigitalOutputProvider.newInstance(), LinuxFsI2CProvider.newInstance()).build());
            case "linuxfs":
                if (!Files.isDirectory(root.resolve("sys/class/gpio"))) {
                    throw cannotStart(platform, "no " + root.resolve("sys/class/gpio") + " (not a Raspberry Pi, or a "
                            + "kernel without the sysfs GPIO interface: use gpiod)");
                }
                return build(platform, () -> Pi4J.newContextBuilder().add(LinuxFsDigitalInputProvider.newInstance(),
                        LinuxFsDigitalOutputProvider.newInstance(), LinuxFsI2CProvider.newInstance()).build());
            default:
                throw new IOException("unknown gpio platform '" + platform + "' (known: " + String.join(", ", NAMES) + ")");
        }
    }

    /**
     * A context with I2C alone, the kernel's {@code /dev/i2c-<bus>} through Pi4J's Linux provider,
     * for {@code envgate probe i2c:<bus>}, which has no config to name a platform.
     *
     * @throws IOException when the bus has no device file (I2C not enabled)
     */
    public static Context i2c(int bus) throws IOException {
        return i2c(bus, Path.of("/"));
    }

    static Context i2c(int bus, Path root) throws IOException {
        Path device = root.resolve("dev/i2c-" + bus);
        if (!Files.exists(device)) {
            throw new IOException("no " + device + ": enable I2C (raspi-config, Interface Options, or dtparam=i2c_arm=on "
                    + "in /boot/firmware/config.txt) and reboot; ls /dev/i2c-* lists the buses there are");
        }
        return build("linuxfs", () -> Pi4J.newContextBuilder().add(LinuxFsI2CProvider.newInstance()).build());
    }

    private static Context build(String platform, Supplier<Context> builder) throws IOException {
        try {
            return builder.get();
        } catch (RuntimeException | LinkageError e) {
            throw cannotStart(platform, e.toString());
        }
    }

    private static boolean hasGpioChip(Path dev) throws IOException {
        if (!Files.isDirectory(dev)) {
            return false;
        }
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(dev, "gpiochip*")) {
            return chips.iterator().hasNext();
        }
    }

    private static IOException cannotStart(String platform, String why) {
        return new IOException("gpio platform '" + platform + "' cannot start here: " + why);
    }
}
