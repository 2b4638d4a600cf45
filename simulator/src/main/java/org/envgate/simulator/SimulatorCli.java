package org.envgate.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar envgate-sim.jar serve --model pms5003 --tcp 4001}: one twin until Ctrl-C. */
public final class SimulatorCli {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: envgate-sim serve --model MODEL (--tcp [HOST:]PORT | --serial PATH)",
            "                         [--seed N] [--period 1s] [--garbage P] [--bad-checksum P] [--torn P]",
            "  prints the port a gateway config should name, then serves until interrupted");

    private SimulatorCli() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, TwinProvider> twins = TwinProvider.all();
        ServeArguments serve;
        try {
            serve = parse(args, twins);
        } catch (UsageException e) {
            System.exit(usageError(e, System.err));
            return;
        }
        TwinServer server;
        try {
            server = serve.start(twins.get(serve.model()));
        } catch (IOException e) {
            System.err.println("envgate-sim: cannot serve " + serve.model() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("port: " + server.gatewayPort());
        System.out.flush();
        stopped.await();
    }

    /** Checks the command line; the simulator's only command is {@code serve}. */
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
