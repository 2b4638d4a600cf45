package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.wire.Location;
import org.junit.jupiter.api.Test;

/** {@code gateway.site} and {@code gateway.location}, which the status message carries to the agency. */
class StationLocationConfigTest {

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    private GatewayConfig load(String gateway) throws ConfigException {
        return loader.parse("gw.yaml", """
                gateway:
                %s
                mqtt: {url: "tcp://broker.example:1883"}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                """.formatted(gateway.indent(2).stripTrailing()));
    }

    private String problem(String gateway) {
        return assertThrows(ConfigException.class, () -> load(gateway)).getMessage();
    }

    @Test
    void readsTheLocationWithAndWithoutElevation() throws Exception {
        assertEquals(Optional.of(new Location(16.07, 108.22, OptionalDouble.of(12))),
                load("id: gw\nlocation: {lat: 16.07, lon: 108.22, elevation: 12}").location());
        assertEquals(Optional.of(new Location(-33.92, -180, OptionalDouble.empty())),
                load("id: gw\nlocation:\n  lat: -33.92\n  lon: -180").location());
        assertEquals(Optional.empty(), load("id: gw").location());
    }

    @Test
    void refusesALocationNoStationCanHaveNamingFileLineAndKey() {
        assertEquals("gw.yaml:3: gateway.location.lat: latitude 91.0 is outside -90 to 90 degrees",
                problem("id: gw\nlocation: {lat: 91, lon: 108.22}"));
        assertEquals("gw.yaml:5: gateway.location.lon: longitude 180.5 is outside -180 to 180 degrees",
                problem("id: gw\nlocation:\n  lat: 16.07\n  lon: 180.5"));
        assertEquals("gw.yaml:3: gateway.location.elevation: elevation 12000.0 m is outside -500 to 9000 m",
                problem("id: gw\nlocation: {lat: 16.07, lon: 108.22, elevation: 12000}"));
        assertEquals("gw.yaml:3: gateway.location.lon: missing (required)",
                problem("id: gw\nlocation: {lat: 16.07}"));
        assertEquals("gw.yaml:3: gateway.location.lat: 'north' is not a number",
                problem("id: gw\nlocation: {lat: north, lon: 108.22}"));
        assertEquals("gw.yaml:3: gateway.location.alt: unknown key (known here: elevation, lat, lon)",
                problem("id: gw\nlocation: {lat: 16.07, lon: 108.22, alt: 5}"));
    }

    @Test
    void theSiteIsAnIdBecauseItTagsEveryPointInTheAgencysStore() throws Exception {
        assertEquals("lien-chieu", load("id: gw\nsite: lien-chieu").site());
        assertEquals("", load("id: gw").site());
        assertEquals("gw.yaml:3: gateway.site: 'Lien Chieu' must match [a-z0-9-]{1,64}",
                problem("id: gw\nsite: Lien Chieu"));
    }
}
