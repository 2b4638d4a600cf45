package org.envgate.simulator.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinServer;

/** A scenario being served: every serial or TCP endpoint on its pseudo-terminal or TCP port, driven by the real clock. */
public final class ScenarioRun implements AutoCloseable {

    private final List<TwinServer> servers;
    private final Map<String, String> gatewayPorts;
    private final ScenarioClock clock;

    private ScenarioRun(List<TwinServer> servers, Map<String, String> gatewayPorts, ScenarioClock clock) {
        this.servers = servers;
        this.gatewayPorts = gatewayPorts;
        this.clock = clock;
    }

    /**
     * Starts every sensor of {@code scenario}; its simulated time starts now. Pseudo-terminals are
     * made in {@code ptyDir}, named after the sensor (or the shared line's name). What is sent
     * goes to {@code sent}; faults starting and ending to {@code log}.
     */
    public static ScenarioRun start(Scenario scenario, Path ptyDir, Consumer<SentReading> sent, Consumer<String> log)
            throws IOException {
        ScenarioClock clock = new ScenarioClock(System.currentTimeMillis(), scenario.timeFactor());
        Map<String, ScenarioTwin> twins = ScenarioTwins.build(scenario, clock, sent, log);
        List<TwinServer> servers = new ArrayList<>();
        Map<String, String> ports = new LinkedHashMap<>();
        try {
            for (ScenarioTwin twin : twins.values()) {
                String port = port(scenario, twin.sensorIds().get(0));
                TwinServer server = serve(twin, port, twin.sensorIds().get(0), ptyDir);
                servers.add(server);
                twin.sensorIds().forEach(id -> ports.put(id, server.gatewayPort()));
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(TwinServer::close);
            throw e;
        }
        return new ScenarioRun(servers, ports, clock);
    }

    private static String port(Scenario scenario, String sensorId) {
        return scenario.sensors().stream().filter(s -> s.id().equals(sensorId)).findFirst().orElseThrow().port();
    }

    private static TwinServer serve(ScenarioTwin twin, String port, String sensorId, Path ptyDir) throws IOException {
        if (port.startsWith("tcp:")) {
            return TwinServer.tcp(twin, "127.0.0.1", Integer.parseInt(port.substring(4)));
        }
        String name = port.startsWith("pty:") ? port.substring(4) : sensorId;
        return TwinServer.pty(twin, ptyDir.resolve(name), SerialSettings.DEFAULT_9600_8N1);
    }

    /** The scenario's time, started when the run was: GPIO twins run in the same time. */
    public ScenarioClock clock() {
        return clock;
    }

    /** The servers of the endpoints, one a pty or TCP port. */
    public List<TwinServer> servers() {
        return List.copyOf(servers);
    }

    /** Each sensor's port as the gateway config names it: a pty path or {@code tcp://127.0.0.1:PORT}. */
    public Map<String, String> gatewayPorts() {
        return gatewayPorts;
    }

    /** Stops every endpoint, even when one fails to close: a pty left open would keep its socat alive. */
    @Override
    public void close() {
        RuntimeException failed = null;
        for (TwinServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
