package org.envgate.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.envgate.common.Daemon;
import org.envgate.common.Fatal;
import org.envgate.common.config.ConfigException;
import org.envgate.ingest.config.ConfigWarnings;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.IngestConfigLoader;
import org.envgate.ingest.store.QuestDbSchema;
import org.tinylog.Logger;

/**
 * The {@code envgate-ingest} command. Exit status: 0 success, 1 a failure at run time, 2 bad
 * usage or a bad config.
 */
public final class Main {

    static final int OK = 0;
    static final int FAULT = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: envgate-ingest --config FILE          subscribe to the gateways' topics, store in InfluxDB
                   envgate-ingest check --config FILE    validate the config, try the broker and the store, print a table
                   envgate-ingest --check-config FILE    validate the config and exit
                   envgate-ingest --questdb-schema       print the SQL that makes a QuestDB deduplicate
            """;

    private Main() {
    }

    public static void main(String[] args) {
        Fatal.install();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("--questdb-schema")) {
            QuestDbSchema.statements().forEach(sql -> out.println(sql + ";"));
            return OK;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(USAGE_TEXT);
            return OK;
        }
        boolean check = args.length == 3 && args[0].equals("check") && args[1].equals("--config");
        if (!check && (args.length != 2 || !(args[0].equals("--config") || args[0].equals("--check-config")))) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        IngestConfig config;
        try {
            config = new IngestConfigLoader().load(Path.of(args[args.length - 1]));
        } catch (ConfigException e) {
            err.println("envgate-ingest: " + e.getMessage());
            return USAGE;
        }
        if (check) {
            try {
                return IngestCheck.run(config, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FAULT;
            }
        }
        if (args[0].equals("--check-config")) {
            ConfigWarnings.of(config).forEach(warning -> err.println("envgate-ingest: warning: " + warning));
            out.println(args[1] + ": ok");
            return OK;
        }
        ConfigWarnings.of(config).forEach(warning -> Logger.warn("{}", warning));
        return serve(config);
    }

    private static int serve(IngestConfig config) {
        Ingest ingest;
        try {
            ingest = Ingest.start(config);
        } catch (IOException e) {
            Logger.error("cannot start: {}", e.getMessage());
            return FAULT;
        }
        Daemon.runUntilStopped(ingest);
        return OK;
    }
}
