package org.envgate.simulator.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.envgate.common.config.ConfigException;
import org.envgate.simulator.Numbers;
import org.envgate.simulator.ScenarioArguments;

/**
 * {@code serve --scenario}: loads the scenario, serves it, writes the matching gateway config and
 * the expected readings, and tells the developer where everything is.
 */
public final class ScenarioServe implements AutoCloseable {

    private final ScenarioRun run;
    private final ExpectedReadingsFile expected;
    private final ExpectedAggregatesFile expectedAggregates;

    private ScenarioServe(ScenarioRun run, ExpectedReadingsFile expected, ExpectedAggregatesFile expectedAggregates) {
        this.run = run;
        this.expected = expected;
        this.expectedAggregates = expectedAggregates;
    }

    /**
     * Starts the scenario of {@code args}, printing the ports and fault changes to {@code out}.
     *
     * @throws ConfigException when the scenario file is bad
     * @throws IOException     when a port or a file cannot be made
     */
    public static ScenarioServe start(ScenarioArguments args, PrintStream out) throws ConfigException, IOException {
        Scenario scenario = new ScenarioLoader().load(args.scenario());
        Path dir = args.dir() != null ? args.dir() : Path.of("/tmp/envgate-sim", scenario.name());
        Path storage = dir.resolve("storage");
        Files.createDirectories(storage);
        ExpectedReadingsFile expected = null;
        ExpectedAggregatesFile expectedAggregates = null;
        ScenarioRun run;
        try {
            Consumer<SentReading> sent = reading -> { };
            if (args.expect() != null) {
                expected = new ExpectedReadingsFile(args.expect());
                expectedAggregates = new ExpectedAggregatesFile(scenario, ExpectedAggregatesFile.beside(args.expect()),
                        SentReading::timeMillis);
                sent = expected.andThen(expectedAggregates);
            }
            run = ScenarioRun.start(scenario, dir, sent, line -> {
                out.println(line);
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            if (expected != null) {
                expected.close();
            }
            if (expectedAggregates != null) {
                expectedAggregates.close();
            }
            throw e;
        }
        ScenarioServe serve = new ScenarioServe(run, expected, expectedAggregates);
        try {
            if (args.emitConfig() != null) {
                Files.writeString(args.emitConfig(),
                        GatewayConfigWriter.yaml(scenario, run.gatewayPorts(), args.broker(), storage), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            serve.close();
            throw new IOException("cannot write the gateway config to " + args.emitConfig() + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "scenario %s: %d sensor(s), seed %d, 1 real second = %s simulated seconds%n",
                scenario.name(), scenario.sensors().size(), scenario.seed(), Numbers.plain(scenario.timeFactor()));
        for (Map.Entry<String, String> port : run.gatewayPorts().entrySet()) {
            String model = scenario.sensors().stream().filter(s -> s.id().equals(port.getKey())).findFirst().orElseThrow().model();
            out.printf(Locale.ROOT, "sensor %s (%s): gateway opens %s%n", port.getKey(), model, port.getValue());
        }
        if (args.emitConfig() != null) {
            out.println("gateway config: " + args.emitConfig() + " (broker " + args.broker() + ")");
        }
        if (args.expect() != null) {
            out.println("expected readings: " + args.expect() + ", averages and index: "
                    + ExpectedAggregatesFile.beside(args.expect()));
        }
        out.println("serving until Ctrl-C");
        out.flush();
        return serve;
    }

    public ScenarioRun run() {
        return run;
    }

    @Override
    public void close() {
        run.close();
        if (expected != null) {
            expected.close();
            expectedAggregates.close();
        }
    }
}
