package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioPlatformsTest {

    @TempDir
    Path root;

    @Test
    void mockPlatformCreatesInputs() throws IOException {
        Context mock = GpioPlatforms.context("mock");
        try {
            DigitalInput in = mock.create(DigitalInput.newConfigBuilder(mock).id("in").address(4).build());
            assertEquals(4, in.address());
        } finally {
            mock.shutdown();
        }
    }

    @Test
    void unknownPlatformNamesTheKnownOnes() {
        IOException e = assertThrows(IOException.class, () -> GpioPlatforms.context("raspberrypi"));
        assertEquals("unknown gpio platform 'raspberrypi' (known: gpiod, linuxfs, mock)", e.getMessage());
    }

    @Test
    void platformsWithoutTheirDeviceFilesCannotStart() {
        IOException gpiod = assertThrows(IOException.class, () -> GpioPlatforms.context("gpiod", root));
        assertTrue(gpiod.getMessage().startsWith("gpio platform 'gpiod' cannot start here: no " + root.resolve("dev/gpiochip*")),
                gpiod.getMessage());
        IOException linuxfs = assertThrows(IOException.class, () -> GpioPlatforms.context("linuxfs", root));
        assertTrue(linuxfs.getMessage().startsWith("gpio platform 'linuxfs' cannot start here: no " + root.resolve("sys/class/gpio")),
                linuxfs.getMessage());
    }
}
