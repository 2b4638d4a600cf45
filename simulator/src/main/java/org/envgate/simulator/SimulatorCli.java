package org.envgate.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.envgate.common.config.ConfigException;
import org.envgate.simulator.fleet.Fleet;
import org.envgate.simulator.fleet.FleetArguments;
import org.envgate.simulator.scenario.ScenarioServe;

/**
 * {@code java -jar envgate-sim.jar serve --model pms5003 --tcp 4001} (one twin),
 * {@code serve --scenario FILE} (a whole station) or {@code fleet ...} (many gateways at a broker).
 */
public final class SimulatorCli {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: envgate-sim serve --model MODEL (--tcp [HOST:]PORT | --serial PATH)",
            "                         [--seed N] [--period 1s] [--garbage P] [--bad-checksum P] [--torn P]",
            "         one twin; prints the port a gateway config should name, then serves until interrupted",
            "       envgate-sim serve --scenario FILE [--emit-config FILE] [--expect FILE]",
            "                         [--broker tcp://localhost:1883] [--dir /tmp/envgate-sim/NAME]",
            "         every sensor of a scenario; writes the gateway config that reads them and the readings sent",
            "       envgate-sim fleet --broker URL --gateways N --sensors M --rate R [--duration D]",
            "                         [--prefix envgate] [--report 5s]",
            "         publishes as N gateways of M sensors, R readings a second in all");

    private SimulatorCli() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int status;
        try {
            if (args.length > 0 && args[0].equals("fleet")) {
                status = fleet(FleetArguments.parse(rest));
            } else if (args.length > 0 && args[0].equals("serve") && rest.contains("--scenario")) {
                status = scenario(ScenarioArguments.parse(rest));
            } else {
                status = serve(parse(args, TwinProvider.all()));
            }
        } catch (UsageException e) {
            status = usageError(e, System.err);
        }
        System.exit(status);
    }

    private static int serve(ServeArguments serve) throws InterruptedException {
        TwinServer server;
        try {
            server = serve.start(TwinProvider.all().get(serve.model()));
        } catch (IOException e) {
            System.err.println("envgate-sim: cannot serve " + serve.model() + ": " + e.getMessage());
            return 1;
        }
        System.out.println("port: " + server.gatewayPort());
        System.out.flush();
        untilStopped(server::close);
        return 0;
    }

    /** Serves a scenario until stopped; 2 at once for a bad scenario file, 1 when it cannot be served. */
    static int scenario(ScenarioArguments args) throws InterruptedException {
        ScenarioServe serve;
        try {
            serve = ScenarioServe.start(args, System.out);
        } catch (ConfigException e) {
            System.err.println("envgate-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("envgate-sim: cannot serve " + args.scenario() + ": " + e.getMessage());
            return 1;
        }
        untilStopped(serve::close);
        return 0;
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

    /** Blocks until Ctrl-C or SIGTERM, then runs {@code close}. */
    private static void untilStopped(Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
