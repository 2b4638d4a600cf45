package org.envgate.gateway.config;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.envgate.common.testing.BadConfigFiles;
import org.envgate.drivers.DriverRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in {@code config/bad/}: a broken gateway config and what the loader must report. */
class BadConfigFilesTest {

    static Stream<Path> badConfigs() throws Exception {
        return BadConfigFiles.in(BadConfigFilesTest.class, "/config/bad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void reportsFileLineAndKey(Path file) throws Exception {
        GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());
        BadConfigFiles.assertReported(file, () -> loader.load(file));
    }
}
