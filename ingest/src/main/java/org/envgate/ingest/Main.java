package org.envgate.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.common.Daemon;
import org.envgate.common.Fatal;
import org.envgate.common.LogText;
import org.envgate.common.Version;
import org.envgate.common.config.ConfigException;
import org.envgate.common.systemd.Watchdog;
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

    /** Where ingest looks for its config when {@code --config} is left out. */
    static final Path DEFAULT_CONFIG = Path.of("/etc/envgate/ingest.yaml");

    /** The usage; the manual page and the bash completion name every option in it (IngestCommandDocsTest). */
    static final String USAGE_TEXT = """
            usage: envgate-ingest [--config FILE]        subscribe to the gateways' topics, store the readings
                                                         (config default /etc/envgate/ingest.yaml)
                   envgate-ingest check [--config FILE]  validate the config, try the broker and the store, print a table
                   envgate-ingest --check-config FILE    validate the config and exit
                   envgate-ingest --questdb-schema       print the SQL that makes a QuestDB deduplicate
                   envgate-ingest [check] --help
                   envgate-ingest --version
            """;

    static final String CHECK_USAGE = """
            usage: envgate-ingest check [--config FILE]
                   envgate-ingest check --help
              validates the config (default /etc/envgate/ingest.yaml), then tries the broker (connect and
              subscribe) and the store (write and read back a probe point); prints one table with hints
              exit 0 all good, 1 a fault found, 2 a bad config
            """;

    private Main() {
    }

    public static void main(String[] args) {
        Fatal.install();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean check = !rest.isEmpty() && rest.get(0).equals("check");
        if (check) {
            rest.remove(0);
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(check ? CHECK_USAGE : USAGE_TEXT);
            return OK;
        }
        if (!check && rest.size() == 1) {
            switch (rest.get(0)) {
                case "--questdb-schema" -> {
                    QuestDbSchema.statements().forEach(sql -> out.println(sql + ";"));
                    return OK;
                }
                case "--version", "-V" -> {
                    out.println("envgate-ingest " + Version.get());
                    return OK;
                }
                default -> {
                    // a config option, checked below
                }
            }
        }
        boolean checkConfig = !check && rest.size() == 2 && rest.get(0).equals("--check-config");
        Path file;
        if (rest.isEmpty()) {
            file = DEFAULT_CONFIG;
        } else if (rest.size() == 2 && (rest.get(0).equals("--config") || checkConfig)) {
            file = Path.of(rest.get(1));
        } else {
            err.println("envgate-ingest: unexpected '" + LogText.untrusted(String.join(" ", args)) + "'");
            err.print(check ? CHECK_USAGE : USAGE_TEXT);
            return USAGE;
        }
        if (file.equals(DEFAULT_CONFIG) && !Files.exists(file)) {
            err.println("envgate-ingest: no config at " + DEFAULT_CONFIG + " (the default when --config is left out);"
                    + " give --config FILE");
            return USAGE;
        }
        IngestConfig config;
        try {
            config = new IngestConfigLoader().load(file);
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
        if (checkConfig) {
            ConfigWarnings.of(config).forEach(warning -> err.println("envgate-ingest: warning: " + warning));
            out.println(file + ": ok");
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
        // Under systemd (Type=notify): READY=1 once subscribed and the store takes writes, then
        // WATCHDOG=1 only while the pipeline's threads and the broker connection keep turning.
        Watchdog watchdog = Watchdog.startNotReady("ingest", System.getenv(), ingest::heartbeats);
        Thread readiness = new Thread(() -> {
            try {
                ingest.awaitReady(waiting -> {
                    Logger.info("{}", waiting);
                    watchdog.status(waiting);
                });
                watchdog.ready();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "readiness");
        readiness.setDaemon(true);
        readiness.start();
        Daemon.runUntilStopped(() -> {
            readiness.interrupt();
            watchdog.close();
            ingest.close();
        });
        return OK;
    }
}
