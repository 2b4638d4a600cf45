package org.envgate.common.metrics;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One scrape in the Prometheus text exposition format 0.0.4: each metric's {@code # HELP} and
 * {@code # TYPE} lines, then its samples. Names are the program's own and checked here; label
 * values may come from outside (a gateway, a sensor), so they are escaped, cut to
 * {@value #MAX_LABEL_VALUE_LENGTH} characters, and one metric keeps at most a bounded number of
 * series: those past it, and repeats of a series, are left out and counted in
 * {@code envgate_metrics_series_omitted{metric="..."}}, so a flood of names cannot swell the scrape.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Series of one metric in one scrape, at most. */
    public static final int MAX_SERIES_PER_METRIC = 1_000;
    public static final int MAX_LABEL_VALUE_LENGTH = 128;

    static final String OMITTED = "envgate_metrics_series_omitted";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder text = new StringBuilder(4_096);
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> omitted = new LinkedHashMap<>();
    private final int maxSeries;

    public PrometheusText() {
        this(MAX_SERIES_PER_METRIC);
    }

    PrometheusText(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    /** A counter: a count since start that only goes up; its name ends in {@code _total}. */
    public Metric counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        return declare(name, help, "counter");
    }

    /** A gauge: a value now, which may go up and down. */
    public Metric gauge(String name, String help) {
        return declare(name, help, "gauge");
    }

    /** A histogram of {@code histogram}'s observations now, without labels. */
    public void histogram(String name, String help, Histogram histogram) {
        declare(name, help, "histogram");
        Histogram.Snapshot snapshot = histogram.snapshot();
        double[] bounds = snapshot.bounds();
        for (int i = 0; i <= bounds.length; i++) {
            String le = i < bounds.length ? number(bounds[i]) : "+Inf";
            text.append(name).append("_bucket{le=\"").append(le).append("\"} ")
                    .append(snapshot.cumulative()[i]).append('\n');
        }
        text.append(name).append("_sum ").append(number(snapshot.sum())).append('\n');
        text.append(name).append("_count ").append(snapshot.count()).append('\n');
    }

    /** The scrape as UTF-8, ending with the count of series left out, if any were. */
    public byte[] bytes() {
        StringBuilder all = new StringBuilder(text);
        if (!omitted.isEmpty()) {
            all.append("# HELP ").append(OMITTED).append(" Series left out of this scrape: past ").append(maxSeries)
                    .append(" of one metric, or repeating one.\n");
            all.append("# TYPE ").append(OMITTED).append(" gauge\n");
            omitted.forEach((metric, count) -> all.append(OMITTED).append("{metric=\"").append(metric).append("\"} ")
                    .append(count).append('\n'));
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private Metric declare(String name, String help, String type) {
        if (!METRIC_NAME.matcher(name).matches() || name.equals(OMITTED)) {
            throw new IllegalArgumentException("not a metric name of this program: " + name);
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("metric " + name + " declared twice in one scrape");
        }
        text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return new Metric(name);
    }

    /** One declared counter or gauge, to add its samples to. */
    public final class Metric {

        private final String name;
        private final Set<String> series = new HashSet<>();

        private Metric(String name) {
            this.name = name;
        }

        /** The sample of a metric without labels. */
        public Metric sample(double value) {
            return sample(value, new String[0]);
        }

        /**
         * A sample with labels.
         *
         * @param labels names and values in turn: {@code "sensor", "pm", "state", "ok"}
         */
        public Metric sample(double value, String... labels) {
            if (labels.length % 2 != 0) {
                throw new IllegalArgumentException(name + ": labels come as name, value pairs");
            }
            StringBuilder line = new StringBuilder(name);
            for (int i = 0; i < labels.length; i += 2) {
                String label = labels[i];
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException(name + ": not a label name: " + label);
                }
                line.append(i == 0 ? '{' : ',').append(label).append("=\"").append(escapeLabelValue(labels[i + 1]))
                        .append('"');
            }
            if (labels.length > 0) {
                line.append('}');
            }
            String key = line.toString();
            if (series.size() >= maxSeries || !series.add(key)) {
                omitted.merge(name, 1, Integer::sum);
                return this;
            }
            text.append(key).append(' ').append(number(value)).append('\n');
            return this;
        }
    }

    /** A label value as the format writes it: backslash, double quote and newline escaped, cut to length. */
    static String escapeLabelValue(String value) {
        int end = Math.min(value.length(), MAX_LABEL_VALUE_LENGTH);
        // Never half a surrogate pair: it would reach the scrape as '?'.
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        String cut = value.substring(0, end);
        StringBuilder escaped = new StringBuilder(cut.length() + 8);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '"' -> escaped.append("\\\"");
                case '\n' -> escaped.append("\\n");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** A sample value: whole numbers without a fraction, and the format's spellings of NaN and infinities. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
