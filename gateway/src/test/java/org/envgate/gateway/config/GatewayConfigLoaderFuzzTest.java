package org.envgate.gateway.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.drivers.DriverRegistry;

/**
 * Any bytes given as a gateway config end in a config or a {@link ConfigException}: never another
 * exception, an error or a hang. Seeds and every past finding are in
 * {@code GatewayConfigLoaderFuzzTestInputs/anyBytesGiveAConfigOrAConfigException/}.
 */
class GatewayConfigLoaderFuzzTest {

    private static final GatewayConfigLoader LOADER = new GatewayConfigLoader(DriverRegistry.load());

    @FuzzTest(maxDuration = "10m")
    void anyBytesGiveAConfigOrAConfigException(byte[] bytes) {
        try {
            LOADER.parse("gateway.yaml", ConfigFiles.text("gateway.yaml", bytes));
        } catch (ConfigException rejected) {
            // The one way a config may fail.
        }
    }
}
