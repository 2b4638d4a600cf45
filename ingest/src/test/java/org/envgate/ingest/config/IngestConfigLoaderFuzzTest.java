package org.envgate.ingest.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;

/**
 * Any bytes given as an ingest config end in a config or a {@link ConfigException}: never another
 * exception, an error or a hang. Seeds and every past finding are in
 * {@code IngestConfigLoaderFuzzTestInputs/anyBytesGiveAConfigOrAConfigException/}.
 */
class IngestConfigLoaderFuzzTest {

    private static final IngestConfigLoader LOADER = new IngestConfigLoader();

    @FuzzTest(maxDuration = "10m")
    void anyBytesGiveAConfigOrAConfigException(byte[] bytes) {
        try {
            LOADER.parse("ingest.yaml", ConfigFiles.text("ingest.yaml", bytes));
        } catch (ConfigException rejected) {
            // The one way a config may fail.
        }
    }
}
