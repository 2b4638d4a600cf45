package org.envgate.gateway.e2e;

import java.nio.file.Path;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfigLoader;

/**
 * The gateway as its own process on {@link ScenarioTime}'s clocks, for tests that kill it and
 * start it again on the same simulated day. Arguments: the config file, the origin (epoch
 * milliseconds), the {@link System#nanoTime()} it is at, the time factor and the slow
 * milliseconds after each hour.
 */
public final class ScenarioTimeGateway {

    private ScenarioTimeGateway() {
    }

    public static void main(String[] args) throws Exception {
        Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(Path.of(args[0])),
                ScenarioTime.clocks(Long.parseLong(args[1]), Long.parseLong(args[2]), Double.parseDouble(args[3]),
                        Long.parseLong(args[4]), Path.of(args[0]).resolveSibling("no-timesyncd")), null);
        Thread.currentThread().join();
    }
}
