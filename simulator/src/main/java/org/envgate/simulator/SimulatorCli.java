package org.envgate.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.envgate.common.Version;
import org.envgate.common.config.ConfigException;
import org.envgate.simulator.fleet.Fleet;
import org.envgate.simulator.fleet.FleetArguments;
import org.envgate.simulator.scenario.ScenarioServe;
import org.envgate.simulator.verify.Verify;
import org.envgate.simulator.verify.VerifyArguments;

/**
 * {@code java -jar envgate-sim.jar serve --model pms5003 --tcp 4001} (one twin),
 * {@code serve --scenario FILE} (a whole station), {@code verify ...} (what arrived against what a
 * scenario sent) or {@code fleet ...} (many gateways at a broker).
 */
public final class SimulatorCli {

    private static final String SERVE_USAGE = String.join(System.lineSeparator(),
            "usage: envgate-sim serve --model MODEL (--tcp [HOST:]PORT | --modbus-tcp [HOST:]PORT | --pty [PATH] | --serial PATH)",
            "                         [--seed N] [--period 1s] [--garbage P] [--bad-checksum P] [--torn P]",
            "                         [--wrong-line-settings BAUD[,PARITY]] [--format wxt|ysi6600|sbe37 (model line)]",
            "         one twin; prints the port the gateway opens, then serves until interrupted or the port has gone",
            "       envgate-sim serve --scenario FILE [--emit-config FILE] [--expect FILE]",
            "                         [--broker tcp://localhost:1883] [--dir /tmp/envgate-sim/NAME]",
            "         every sensor of a scenario; writes the gateway config that reads them and the readings sent");
    private static final String VERIFY_USAGE = String.join(System.lineSeparator(),
            "usage: envgate-sim verify --expect FILE --broker URL [--topic-prefix envgate] [--for 60s]",
            "         compares the readings arriving at the broker with those a scenario sent; exit 0 when they agree");
    private static final String FLEET_USAGE = String.join(System.lineSeparator(),
            "usage: envgate-sim fleet --broker URL --gateways N --sensors M --rate R [--duration D]",
            "                         [--prefix envgate] [--report 5s]",
            "         publishes as N gateways of M sensors, R readings a second in all");
    private static final Map<String, String> VERB_USAGE = Map.of(
            "serve", SERVE_USAGE, "verify", VERIFY_USAGE, "fleet", FLEET_USAGE);

    static final String USAGE = String.join(System.lineSeparator(), SERVE_USAGE,
            VERIFY_USAGE.replaceFirst("^usage: ", "       "), FLEET_USAGE.replaceFirst("^usage: ", "       "),
            "       envgate-sim VERB --help   that verb's options",
            "       envgate-sim --version");

    private SimulatorCli() {
    }

    public static void main(String[] args) throws InterruptedException {
        Optional<String> answer = helpOrVersion(Arrays.asList(args));
        if (answer.isPresent()) {
            System.out.println(answer.get());
            System.exit(0);
        }
        SimulatorLogging.configure();
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        int status;
        try {
            if (args.length > 0 && args[0].equals("fleet")) {
                status = fleet(FleetArguments.parse(rest));
            } else if (args.length > 0 && args[0].equals("verify")) {
                status = verify(VerifyArguments.parse(rest), System.out, System.err);
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.complete(null);
                    awaitQuietly(closed);
                }));
                if (args.length > 0 && args[0].equals("serve") && rest.contains("--scenario")) {
                    status = scenario(ScenarioArguments.parse(rest), stop, System.out, System.err);
                } else {
                    status = serve(parse(args, TwinProvider.all()), stop, System.out, System.err);
                }
            }
        } catch (UsageException e) {
            status = usageError(e, System.err);
        } finally {
            closed.countDown();
        }
        System.exit(status);
    }

    /**
     * Serves one twin until {@code stop} completes (0) or its port has gone (1); 1 at once when it
     * cannot be served.
     */
    static int serve(ServeArguments serve, CompletableFuture<Void> stop, PrintStream out, PrintStream err) {
        TwinServer server;
        try {
            server = serve.start(TwinProvider.all().get(serve.model()));
        } catch (IOException e) {
            err.println("envgate-sim: cannot serve " + serve.model() + ": " + e.getMessage());
            return 1;
        }
        if (serve.serialPath() != null) {
            out.println("simulator holds: " + server.gatewayPort() + " (the gateway opens the other end of this line)");
        } else if (serve.modbusTcp()) {
            out.println("gateway opens: " + server.gatewayPort().replaceFirst("^tcp:", "modbus-tcp:"));
        } else {
            out.println("gateway opens: " + server.gatewayPort());
        }
        out.flush();
        return untilStoppedOrGone(List.of(server), server::close, stop, err);
    }

    /**
     * Serves a scenario until {@code stop} completes (0) or every twin's port has gone (1); 2 at
     * once for a bad scenario file, 1 when it cannot be served.
     */
    static int scenario(ScenarioArguments args, CompletableFuture<Void> stop, PrintStream out, PrintStream err) {
        ScenarioServe serve;
        try {
            serve = ScenarioServe.start(args, out);
        } catch (ConfigException e) {
            err.println("envgate-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("envgate-sim: cannot serve " + args.scenario() + ": " + e.getMessage());
            return 1;
        }
        return untilStoppedOrGone(serve.run().servers(), serve::close, stop, err);
    }

    /**
     * Listens, compares and prints: 0 when every reading sent arrived as sent and nothing else
     * did, 1 when not (or the broker cannot be reached), 2 when the expected readings cannot be read.
     */
    static int verify(VerifyArguments args, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            return Verify.run(args, out, err).clean() ? 0 : 1;
        } catch (MqttException e) {
            err.println("envgate-sim: verify cannot connect to " + args.broker() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("envgate-sim: verify: " + e.getMessage());
            return 2;
        }
    }

    /** Waits for {@code stop} or for the last of {@code servers} to go, then runs {@code close}. */
    private static int untilStoppedOrGone(List<TwinServer> servers, Runnable close, CompletableFuture<Void> stop,
                                          PrintStream err) {
        CompletableFuture<?>[] logged = servers.stream().map(server -> server.gone().thenAccept(reason -> err.println(
                "envgate-sim: twin " + server.twin().model() + " on " + server.gatewayPort() + " has gone: " + reason)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture<Void> allGone = logged.length == 0 ? new CompletableFuture<>() : CompletableFuture.allOf(logged);
        CompletableFuture.anyOf(stop, allGone).join();
        close.run();
        if (stop.isDone()) {
            return 0;
        }
        err.println("envgate-sim: the last twin has gone, nothing is left to serve: stopping");
        return 1;
    }

    private static int fleet(FleetArguments args) throws InterruptedException {
        Fleet fleet;
        try {
            fleet = Fleet.connect(args, System.out);
        } catch (MqttException e) {
            System.err.println("envgate-sim: fleet cannot connect to " + args.broker() + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.stop();
            awaitQuietly(finished);
        }));
        try {
            fleet.run();
        } finally {
            fleet.close();
            finished.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The text asked for by {@code --help}, {@code -h} or {@code help} (a verb's own with the verb)
     * or by {@code --version}, {@code -V}; empty for any other command line.
     */
    static Optional<String> helpOrVersion(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        String first = args.get(0);
        if (first.equals("--version") || first.equals("-V") || first.equals("version")) {
            return Optional.of("envgate-sim " + Version.get());
        }
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            return Optional.of(USAGE);
        }
        if (VERB_USAGE.containsKey(first) && (args.contains("--help") || args.contains("-h"))) {
            return Optional.of(VERB_USAGE.get(first));
        }
        return Optional.empty();
    }

    /** Checks a {@code serve --model} command line. */
    static ServeArguments parse(String[] args, Map<String, TwinProvider> twins) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        if (!args[0].equals("serve")) {
            throw new UsageException("unknown command '" + args[0] + "'");
        }
        return ServeArguments.parse(Arrays.asList(args).subList(1, args.length), twins.keySet());
    }

    /** Prints the problem and the usage; returns the exit status for bad usage. */
    static int usageError(UsageException e, PrintStream err) {
        err.println("envgate-sim: " + e.getMessage());
        err.println(USAGE);
        return 2;
    }
}
