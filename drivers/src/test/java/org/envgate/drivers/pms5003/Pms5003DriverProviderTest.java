package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Pms5003DriverProviderTest {

    private static final SensorSpec SPEC = new SensorSpec("pm", "/dev/ttyAMA0", SerialSettings.DEFAULT_9600_8N1);

    @Test
    void bothModelsAreFoundByServiceLoaderWithTheDatasheetDefaults() {
        DriverRegistry registry = DriverRegistry.load();
        for (String model : Set.of("pms5003", "pms7003")) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            assertEquals(model, provider.model());
            assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
            assertEquals(Duration.ofSeconds(30), provider.defaultWarmUp());
            assertEquals(Set.of("mode"), provider.optionKeys());
            assertEquals(Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                    Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1), provider.quantities());
        }
    }

    @Test
    void theCf1ValuesMayReachHalfAgainTheAtmosphericRange() {
        Pms5003DriverProvider provider = new Pms5003DriverProvider();
        MapDriverOptions none = new MapDriverOptions(Map.of());
        assertEquals(new ValueRange(0, 1000), provider.range(Quantity.PM2_5, none));
        for (Quantity cf1 : List.of(Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1)) {
            assertEquals(new ValueRange(0, 1500), provider.range(cf1, none), cf1.id());
        }
    }

    @Test
    void modeDefaultsToActive() {
        Pms5003Driver driver = (Pms5003Driver) new Pms5003DriverProvider().create(SPEC, new MapDriverOptions(Map.of()));
        assertEquals(Pms5003Driver.Mode.ACTIVE, driver.mode());
    }

    @Test
    void passiveModeIsAnOption() {
        Pms5003Driver driver = (Pms5003Driver) new Pms7003DriverProvider()
                .create(SPEC, new MapDriverOptions(Map.of("mode", "passive")));
        assertEquals(Pms5003Driver.Mode.PASSIVE, driver.mode());
    }

    @Test
    void unknownModeNamesTheKey() {
        OptionException e = assertThrows(OptionException.class,
                () -> new Pms5003DriverProvider().create(SPEC, new MapDriverOptions(Map.of("mode", "polled"))));
        assertEquals("mode", e.key());
    }
}
