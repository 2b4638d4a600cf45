package org.envgate.simulator;

import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Where the libraries' logs go in {@code envgate-sim}: jssc logs through SLF4J, which is bound to
 * tinylog so that it neither warns about a missing binding nor prints its debug lines. Set in
 * code rather than in a {@code tinylog.properties}, which would clash with the gateway's own when
 * the demo puts the simulator on the gateway's class path.
 */
final class SimulatorLogging {

    private SimulatorLogging() {
    }

    /** Only warnings and errors, on stderr, each line marked as the simulator's. */
    static void configure() {
        Configuration.replace(Map.of(
                "writer", "console",
                "writer.stream", "err",
                "writer.format", "envgate-sim: {level}: {message}",
                "level", "warn"));
    }
}
