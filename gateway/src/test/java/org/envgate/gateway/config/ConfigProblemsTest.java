package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;

/** A file with several mistakes: every one is reported in one run, in file order, with file, line and key. */
class ConfigProblemsTest {

    @Test
    void everyMistakeOfAFileIsReportedInFileOrder() throws Exception {
        Path file = Path.of(getClass().getResource("/config/many/six-mistakes.yaml").toURI());

        ConfigException e = assertThrows(ConfigException.class,
                () -> new GatewayConfigLoader(DriverRegistry.load()).load(file));

        List<String> where = e.problems().stream().map(p -> p.line() + " " + p.key()).toList();
        assertEquals(List.of("3 gateway.id", "5 mqtt.url", "10 sensors[0].interval", "12 sensors[1].model",
                "17 sensors[2].warm-up", "19 status-page.listen"), where, e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.file().equals(file.toString())));
        assertEquals(3, e.line(), "the exception's own place is the first problem's");
        assertTrue(e.getMessage().startsWith(file + ":3: gateway.id: "), e.getMessage());
        assertEquals(6, e.getMessage().lines().count(), e.getMessage());
    }
}
