package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A line instrument's format in the config: read as written, and every mistake named by file, line and key. */
class LineConfigTest {

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    /** A station with one line instrument; {@code format} goes under it, from line 7. */
    private GatewayConfig load(String format) throws ConfigException {
        return loader.parse("gw.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: "tcp://broker:1883"}
                sensors:
                  - id: wx
                    model: line
                    port: /dev/ttyUSB0
                %s
                """.formatted(format.indent(4).stripTrailing()));
    }

    @Test
    void theDocumentedWeatherStationReads() throws Exception {
        GatewayConfig config = load("""
                command: 0R0
                pattern: 'Ta=(?<temperature>[-+]?[0-9.]+)C.*Ua=(?<humidity>[0-9.]+)P,Pa=(?<pressure>[0-9.]+)H'
                fields:
                  temperature: {unit: Cel, range: [-52, 60]}
                  humidity: {unit: "%RH", range: [0, 100]}
                  pressure: {unit: hPa, range: [600, 1100]}
                """);
        assertEquals(Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE), config.sensors().get(0).quantities());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            pattern: '(?<temperature>[0-9'\\nfields: {temperature: {unit: Cel}}              | 7  | sensors[0].pattern | pattern is not a Java regular expression: Unclosed character class
            pattern: 'T=(?<t>[0-9.]+)'\\nfields:\\n  temperature: {unit: Cel}               | 9  | sensors[0].fields.temperature.group | the pattern has no group named 'temperature'; name it with (?<temperature>...), or use one of [t]
            delimiter: ','\\nfields:\\n  temperature:\\n    index: 1                         | 10 | sensors[0].fields.temperature.unit | unit is missing (required): temperature is reported in Cel
            delimiter: ','\\nfields:\\n  temperature:\\n    index: 1\\n    unit: degC         | 11 | sensors[0].fields.temperature.unit | temperature is reported in Cel, not 'degC'
            delimiter: ','\\nfields:\\n  temperature:\\n    index: 1\\n    unit: Cel\\n    scal: 2 | 12 | sensors[0].fields.temperature.scal | unknown key
            delimiter: ','\\nfields:\\n  wind_speed: {index: 1, unit: m/s}                | 9  | sensors[0].fields.wind_speed | 'wind_speed' is not a quantity
            delimiter: ','\\nfields: {ph: {index: 1, unit: pH}}\\nmax-line: 0              | 9  | sensors[0].max-line | max-line must be from 1 to 65536 characters
            delimiter: ','\\nfields: {ph: {index: 1, unit: pH}}\\ncommand: 'R\\q'          | 9  | sensors[0].command | unknown escape \\q
            delimiter: ','\\nfields: {ph: {index: 1, unit: pH}}\\ncommand-end: cr            | 9  | sensors[0].command-end | command-end needs command
            """)
    void refusesABadFormatNamingFileLineAndKey(String format, int line, String key, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(format.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("gw.yaml:" + line + ": " + key), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
