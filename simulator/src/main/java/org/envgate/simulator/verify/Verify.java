package org.envgate.simulator.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.LogText;
import org.envgate.common.config.Units;
import org.envgate.simulator.Numbers;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;

/**
 * {@code envgate-sim verify}: listens to every gateway's readings at a broker for a while, then
 * compares them with the readings a scenario sent and prints the table.
 */
public final class Verify {

    /** How many differences are listed under the table; the table counts them all. */
    private static final int DIFFERENCES_SHOWN = 20;

    private Verify() {
    }

    /**
     * Listens for {@code args.duration()}, then compares and prints.
     *
     * @throws MqttException when the broker cannot be reached
     * @throws IOException   when the expected readings cannot be read
     */
    public static ReadingComparison.Result run(VerifyArguments args, PrintStream out, PrintStream err)
            throws MqttException, IOException, InterruptedException {
        List<Reading> arrived = new ArrayList<>();
        String topic = args.topicPrefix() + "/+/readings";
        MqttClient client = new MqttClient(args.broker(), "envgate-sim-verify-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        try {
            client.subscribe(topic, 1, (name, message) -> {
                String gateway = name.substring(args.topicPrefix().length() + 1, name.length() - "/readings".length());
                try {
                    List<Reading> pack = SenmlCodec.decodeReadings(gateway, message.getPayload(), System.currentTimeMillis());
                    synchronized (arrived) {
                        arrived.addAll(pack);
                    }
                } catch (Exception e) {
                    err.println("envgate-sim: verify: a pack on " + LogText.untrusted(name) + " does not decode: "
                            + LogText.untrusted(String.valueOf(e.getMessage())));
                }
            });
            out.printf(Locale.ROOT, "verify: listening on %s at %s for %s%n", topic, args.broker(),
                    Units.format(args.duration()));
            out.flush();
            Thread.sleep(args.duration().toMillis());
        } finally {
            client.disconnect();
            client.close();
        }
        List<Reading> copy;
        synchronized (arrived) {
            copy = List.copyOf(arrived);
        }
        ReadingComparison.Result result = ReadingComparison.compare(ExpectedReadings.read(args.expect()), copy);
        print(result, out);
        return result;
    }

    static void print(ReadingComparison.Result result, PrintStream out) {
        List<ReadingComparison.Row> rows = result.rows();
        int sensor = width(rows, ReadingComparison.Row::sensor, "sensor");
        int quantity = width(rows, ReadingComparison.Row::quantity, "quantity");
        String format = "%-" + sensor + "s  %-" + quantity + "s  %7s  %7s  %5s  %9s%n";
        out.printf(Locale.ROOT, format, "sensor", "quantity", "matched", "missing", "extra", "different");
        int[] total = new int[4];
        for (ReadingComparison.Row row : rows) {
            out.printf(Locale.ROOT, format, row.sensor(), row.quantity(), row.matched(), row.missing(), row.extra(),
                    row.different());
            total[0] += row.matched();
            total[1] += row.missing();
            total[2] += row.extra();
            total[3] += row.different();
        }
        out.printf(Locale.ROOT, format, "total", "", total[0], total[1], total[2], total[3]);
        result.differences().stream().limit(DIFFERENCES_SHOWN).forEach(d -> out.printf(Locale.ROOT,
                "different: %s/%s at %s: sent %s, arrived %s%n", d.sensor(), d.quantity(),
                Instant.ofEpochMilli(d.timeMillis()), Numbers.plain(d.sent()), Numbers.plain(d.arrived())));
        if (result.differences().size() > DIFFERENCES_SHOWN) {
            out.printf(Locale.ROOT, "different: %d more%n", result.differences().size() - DIFFERENCES_SHOWN);
        }
        out.println(result.clean() ? "verify: every reading sent arrived, as sent"
                : rows.isEmpty() ? "verify: nothing was sent and nothing arrived" : "verify: readings differ from what was sent");
    }

    private static int width(List<ReadingComparison.Row> rows, Function<ReadingComparison.Row, String> column, String header) {
        return Math.max(header.length(), rows.stream().mapToInt(r -> column.apply(r).length()).max().orElse(0));
    }
}
