package org.envgate.ingest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.Cancellable;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import com.influxdb.query.internal.FluxCsvParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okio.Buffer;
import org.envgate.ingest.config.FleetPageSettings;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.IngestConfigLoader;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.ingest.decode.Decoded;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.Stations;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plots from InfluxDB 2 without a server (none runs here): the Flux is read against what
 * ingest writes, as GrafanaDashboardTest reads the dashboard's, and the answer's tables are the
 * client's own types, built here or parsed from annotated CSV by the client's parser.
 */
class InfluxSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_796_310_000_000L; // 2026-12-03T15:00:00Z
    private static final Pattern MEASUREMENT = Pattern.compile("r\\._measurement == \"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("r\\._field == \"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("r\\.([a-z_]+)");
    private static final Pattern BUCKET = Pattern.compile("from\\(bucket: \"([^\"]+)\"\\)");
    private static final Pattern COLUMNS = Pattern.compile("columns: \\[([^]]*)]");

    @TempDir
    Path dir;

    @Test
    void theFluxReadsTheConfigsBucketAndOnlyNamesIngestWritesForAReading() throws Exception {
        IngestConfig config = load("""
                  series: influxdb
                """);
        assertEquals(FleetPageSettings.SeriesStore.INFLUXDB, config.http().orElseThrow().series());
        InfluxSeries source = new InfluxSeries(config.influx().orElseThrow(), Duration.ofSeconds(4));
        String flux = source.flux("gw-1", Quantity.PM2_5, new Series("gw-1", Quantity.PM2_5, NOW).startSeconds());

        assertEquals(List.of("air-2026"), all(BUCKET, flux));
        // What ingest writes for a reading: its measurement, tags and fields, from a real pack.
        PackDecoder decoder = new PackDecoder("envgate", new PackLimits(256 * 1024, Duration.ofDays(90),
                Duration.ofMinutes(10)), new Stations(Map.of("gw-1", new StationTags(Optional.of("lien-chieu"),
                Map.of("pm", "pms5003")))), true);
        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/gw-1/readings",
                SenmlCodec.encode("gw-1", List.of(new Reading("pm", Quantity.PM2_5, 12, NOW - 60_000))), NOW));
        String[] line = points.lines().get(0).split(" ");
        String[] seriesKey = line[0].split(",");
        Set<String> tags = new HashSet<>();
        Arrays.stream(seriesKey).skip(1).forEach(tag -> tags.add(tag.substring(0, tag.indexOf('='))));
        Set<String> fields = new HashSet<>();
        Arrays.stream(line[1].split(",")).forEach(field -> fields.add(field.substring(0, field.indexOf('='))));

        assertEquals(List.of(seriesKey[0]), all(MEASUREMENT, flux));
        assertEquals(List.of("value"), all(FIELD, flux));
        assertTrue(fields.contains("value"), fields.toString());
        for (String tag : all(TAG, flux.replaceAll("r\\._[a-z]+", ""))) {
            assertTrue(tags.contains(tag), "no tag '" + tag + "' is written: " + tags);
        }
        assertTrue(flux.contains("r.gateway == \"gw-1\""), flux);
        for (String columns : all(COLUMNS, flux)) {
            for (String column : columns.replace("\"", "").split(", ")) {
                assertTrue(column.isEmpty() || column.startsWith("_") || tags.contains(column),
                        "no column '" + column + "' is written: " + tags);
            }
        }
        assertTrue(flux.contains("range(start: " + Instant.ofEpochSecond(
                new Series("gw-1", Quantity.PM2_5, NOW).startSeconds()) + ")"), flux);
        assertTrue(flux.contains("aggregateWindow(every: " + Series.STEP_SECONDS + "s, fn: mean, createEmpty: false,"
                + " timeSrc: \"_start\")"), flux);
        assertTrue(flux.contains("limit(n: " + Series.POINTS + ")"), flux);
        assertTrue(flux.endsWith("|> group() |> limit(n: " + Series.POINTS * Series.MAX_SENSORS + ")"), flux);
    }

    @Test
    void aBucketNameIsOneFluxStringWhateverItHolds() {
        assertEquals("\"a\\\") |> drop() //\"", InfluxSeries.fluxString("a\") |> drop() //"));
        assertEquals("\"back\\\\slash \\${x}\"", InfluxSeries.fluxString("back\\slash ${x}"));
        InfluxSeries source = new InfluxSeries(settings("http://127.0.0.1:1", "b\"x"), Duration.ofSeconds(4));
        assertTrue(source.flux("gw-1", Quantity.PH, 0).startsWith("from(bucket: \"b\\\"x\")"));
    }

    @Test
    void eachSensorsTableFillsItsStepsAndNoMoreThanTheMostSensorsAreKept() throws Exception {
        Series series = new Series("gw-1", Quantity.PM2_5, NOW);
        long start = series.startSeconds();
        List<FluxTable> tables = new ArrayList<>();
        for (int sensor = 0; sensor < Series.MAX_SENSORS + 4; sensor++) {
            tables.add(table(List.of(
                    row("s" + sensor, start, 10.0 + sensor),
                    row("s" + sensor, start + Series.STEP_SECONDS * 2, 20.5))));
        }
        tables.get(0).getRecords().add(row("s0", start + Series.STEP_SECONDS, Double.NaN));
        tables.get(0).getRecords().add(row("s0", start + Series.STEP_SECONDS * 3, null));
        tables.get(0).getRecords().add(row("s0", start - Series.STEP_SECONDS, 99.0));

        InfluxSeries.put(series, tables);
        JsonNode json = JSON.readTree(series.json());

        JsonNode sensors = json.get("sensors");
        assertEquals(Series.MAX_SENSORS, sensors.size());
        JsonNode first = sensors.get(0);
        assertEquals("s0", first.get("sensor").asText());
        assertEquals(Series.POINTS, first.get("values").size());
        assertEquals(10.0, first.get("values").get(0).asDouble());
        assertTrue(first.get("values").get(1).isNull(), "NaN is no point");
        assertEquals(20.5, first.get("values").get(2).asDouble());
        assertTrue(first.get("values").get(3).isNull(), "null is no point");
        assertEquals(start, json.get("times").get(0).asLong());
        assertEquals("s15", sensors.get(Series.MAX_SENSORS - 1).get("sensor").asText());
        assertEquals(25.0, sensors.get(Series.MAX_SENSORS - 1).get("values").get(0).asDouble());
    }

    @Test
    void anAnnotatedCsvAnswerAsInfluxDb2SendsItBecomesTheSensorsLines() throws Exception {
        Series series = new Series("gw-1", Quantity.PM2_5, NOW);
        Instant start = Instant.ofEpochSecond(series.startSeconds());
        Instant next = start.plusSeconds(Series.STEP_SECONDS);
        // The shape of /api/v2/query's answer to the plot's Flux: after group() one table, no group key.
        String csv = String.join("\r\n",
                "#group,false,false,false,false,false",
                "#datatype,string,long,dateTime:RFC3339,double,string",
                "#default,_result,,,,",
                ",result,table,_time,_value,sensor",
                ",,0," + start + ",12.25,pm",
                ",,0," + next + ",NaN,pm",
                ",,0," + next + ",,pm2",
                ",,0," + start + ",7,pm2",
                "", "");
        FluxCsvParser parser = new FluxCsvParser();
        FluxCsvParser.FluxResponseConsumerTable answer = parser.new FluxResponseConsumerTable();
        parser.parseFluxResponse(new Buffer().writeUtf8(csv), new NotCancelled(), answer);

        InfluxSeries.put(series, answer.getTables());
        JsonNode sensors = JSON.readTree(series.json()).get("sensors");

        assertEquals(2, sensors.size(), sensors.toString());
        assertEquals("pm", sensors.get(0).get("sensor").asText());
        assertEquals(12.25, sensors.get(0).get("values").get(0).asDouble());
        assertTrue(sensors.get(0).get("values").get(1).isNull());
        assertEquals("pm2", sensors.get(1).get("sensor").asText());
        assertEquals(7.0, sensors.get(1).get("values").get(0).asDouble());
        assertTrue(sensors.get(1).get("values").get(1).isNull());
    }

    @Test
    void aStoreThatDoesNotAnswerIsAnIoErrorNamingIt() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        InfluxSeries source = new InfluxSeries(settings("http://127.0.0.1:" + port, "envgate"), Duration.ofSeconds(2));
        IOException e = assertThrows(IOException.class, () -> source.read("gw-1", Quantity.PM2_5, NOW));
        assertTrue(e.getMessage().startsWith("cannot reach InfluxDB: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    private IngestConfig load(String httpTail) throws Exception {
        Files.writeString(dir.resolve("influx-token"), "s3cret\n");
        Path file = dir.resolve("ingest.yaml");
        Files.writeString(file, """
                mqtt:
                  url: tcp://broker:1883
                influx:
                  url: http://127.0.0.1:8086
                  token-file: influx-token
                  org: agency
                  bucket: air-2026
                http:
                  listen: 127.0.0.1:0
                """ + httpTail);
        return new IngestConfigLoader().load(file);
    }

    private static InfluxSettings settings(String url, String bucket) {
        return new InfluxSettings(url, "s3cret", "agency", bucket, false, 1_000, Duration.ofSeconds(2), true);
    }

    private static FluxTable table(List<FluxRecord> rows) {
        FluxTable table = new FluxTable();
        table.getRecords().addAll(rows);
        return table;
    }

    private static FluxRecord row(String sensor, long timeSeconds, Double mean) {
        FluxRecord row = new FluxRecord(0);
        row.getValues().put("_time", Instant.ofEpochSecond(timeSeconds));
        row.getValues().put("_value", mean);
        row.getValues().put("sensor", sensor);
        return row;
    }

    private static List<String> all(Pattern pattern, String text) {
        return pattern.matcher(text).results().map(found -> found.group(1)).toList();
    }

    private static final class NotCancelled implements Cancellable {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
