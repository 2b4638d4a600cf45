package org.envgate.gateway.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import com.pi4j.context.Context;
import org.envgate.common.config.ConfigException;
import org.envgate.simulator.Numbers;
import org.envgate.simulator.scenario.ExpectedAggregatesFile;
import org.envgate.simulator.scenario.ExpectedReadingsFile;
import org.envgate.simulator.scenario.GatewayConfigWriter;
import org.envgate.simulator.scenario.Scenario;
import org.envgate.simulator.scenario.ScenarioLoader;
import org.envgate.simulator.scenario.ScenarioPulses;
import org.envgate.simulator.scenario.ScenarioRun;
import org.envgate.simulator.scenario.SentReading;

/**
 * {@code envgate demo --scenario FILE}: the scenario's serial and TCP twins served as
 * {@code envgate-sim serve --scenario} serves them, its rain gauges and flow meters pulsing on the
 * gateway's mock GPIO (which only this process can reach), and the gateway config that
 * {@code --emit-config} would write, pointed at the embedded broker.
 */
public final class ScenarioStation implements Demo.Station {

    private final Scenario scenario;
    private final ExpectedReadingsFile expected;
    private final ExpectedAggregatesFile expectedAggregates;
    private final PrintStream out;
    private ScenarioRun run;

    private ScenarioStation(Scenario scenario, ExpectedReadingsFile expected, ExpectedAggregatesFile expectedAggregates,
                            PrintStream out) {
        this.scenario = scenario;
        this.expected = expected;
        this.expectedAggregates = expectedAggregates;
        this.out = out;
    }

    /**
     * Runs {@code file} until Ctrl-C, or for {@code duration} when given; the values the twins
     * send go to {@code expect} as JSON lines when it is given, and the averages and index they
     * should make beside it.
     *
     * @return the exit status: 2 for a bad scenario file (told on {@code err})
     */
    public static int run(Path file, Path expect, Duration duration, PrintStream out, PrintStream err) {
        Scenario scenario;
        try {
            scenario = ScenarioLoader.inProcess().load(file);
        } catch (ConfigException e) {
            err.println("envgate: " + e.getMessage());
            return 2;
        }
        ExpectedReadingsFile expected = null;
        ExpectedAggregatesFile expectedAggregates = null;
        if (expect != null) {
            try {
                expected = new ExpectedReadingsFile(expect);
            } catch (IOException e) {
                err.println("envgate: cannot write the expected readings to " + expect + ": " + e.getMessage());
                return 1;
            }
            Path beside = ExpectedAggregatesFile.beside(expect);
            try {
                expectedAggregates = new ExpectedAggregatesFile(scenario, beside, SentReading::timeMillis);
            } catch (IOException e) {
                expected.close();
                err.println("envgate: cannot write the expected averages to " + beside + ": " + e.getMessage());
                return 1;
            }
        }
        return Demo.run(new ScenarioStation(scenario, expected, expectedAggregates, out), duration, out);
    }

    @Override
    public String gatewayId() {
        return scenario.gatewayId();
    }

    @Override
    public Path start(Path dir, String brokerUrl, List<AutoCloseable> resources) throws IOException {
        run = ScenarioRun.start(scenario, dir, sent(), line -> out.println(line));
        resources.add(run);
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, GatewayConfigWriter.yaml(scenario, run.gatewayPorts(), brokerUrl, storage),
                StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "scenario %s (%s): seed %d, 1 real second = %s simulated seconds%n", scenario.name(),
                scenario.file(), scenario.seed(), Numbers.plain(scenario.timeFactor()));
        return config;
    }

    @Override
    public void startGpio(Context mock, List<AutoCloseable> resources) {
        for (ScenarioPulses.PulseSensor pulse : ScenarioPulses.build(scenario, run.clock(), sent())) {
            resources.add(pulse.twin().run(mock, pulse.pin()));
        }
    }

    private Consumer<SentReading> sent() {
        return expected == null ? reading -> { } : expected.andThen(expectedAggregates);
    }

    /** Closes the expected readings and averages, after every twin has stopped writing to them. */
    @Override
    public void close() {
        if (expected != null) {
            expected.close();
            expectedAggregates.close();
        }
    }
}
