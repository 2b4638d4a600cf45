package org.envgate.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code serve --scenario}.
 *
 * @param scenario   the scenario file
 * @param emitConfig where to write the gateway config that reads it, or null
 * @param expect     where to write the expected readings (JSON lines), or null
 * @param broker     the broker URL the emitted config names
 * @param dir        where the pseudo-terminals and the emitted config's buffer folder go, or null
 *                   for {@code /tmp/envgate-sim/<scenario name>}
 */
public record ScenarioArguments(Path scenario, Path emitConfig, Path expect, String broker, Path dir) {

    public static final String DEFAULT_BROKER = "tcp://localhost:1883";

    /** Parses the arguments after {@code serve}, which include {@code --scenario}. */
    public static ScenarioArguments parse(List<String> args) throws UsageException {
        Path scenario = null;
        Path emitConfig = null;
        Path expect = null;
        String broker = DEFAULT_BROKER;
        Path dir = null;
        for (Map.Entry<String, String> option : CommandOptions.pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--scenario" -> scenario = Path.of(value);
                case "--emit-config" -> emitConfig = Path.of(value);
                case "--expect" -> expect = Path.of(value);
                case "--broker" -> broker = CommandOptions.brokerUrl(name, value);
                case "--dir" -> dir = Path.of(value);
                default -> throw new UsageException("unknown option '" + name + "' (with --scenario: --emit-config, "
                        + "--expect, --broker, --dir)");
            }
        }
        if (scenario == null) {
            throw new UsageException("--scenario needs a file");
        }
        return new ScenarioArguments(scenario, emitConfig, expect, broker, dir);
    }
}
