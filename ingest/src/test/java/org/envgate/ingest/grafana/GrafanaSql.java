package org.envgate.ingest.grafana;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Grafana's PostgreSQL data source sends for a query's text: first the dashboard's variables
 * ({@code $name} and {@code ${name}} of a multi-value variable become its values quoted and
 * joined with commas, {@code ${name:raw}} the value as it is), then the data source's macros
 * ({@code $__timeFilter(column)} becomes {@code column BETWEEN 'from' AND 'to'} in RFC 3339,
 * {@code $__timeFrom()}, {@code $__timeTo()}; {@code $__interval} e.g. {@code 1m}).
 */
record GrafanaSql(Instant from, Instant to, String interval, Map<String, List<String>> variables) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)(?::([a-z]+))?}|\\$([a-z_]+)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

    String expand(String sql) {
        Matcher m = VARIABLE.matcher(sql.replace("$__interval", interval));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            if (name.startsWith("__")) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            List<String> values = variables.get(name);
            if (values == null) {
                throw new IllegalArgumentException("no variable '" + name + "' in " + sql);
            }
            String format = m.group(2);
            String value = "raw".equals(format) ? String.join(",", values)
                    : values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String from = "'" + from().truncatedTo(ChronoUnit.SECONDS) + "'";
        String to = "'" + to().truncatedTo(ChronoUnit.SECONDS) + "'";
        return TIME_FILTER.matcher(out.toString()).replaceAll("$1 BETWEEN " + from + " AND " + to)
                .replace("$__timeFrom()", from)
                .replace("$__timeTo()", to);
    }

    GrafanaSql with(String name, List<String> values) {
        Map<String, List<String>> more = new HashMap<>(variables);
        more.put(name, values);
        return new GrafanaSql(from, to, interval, more);
    }

    GrafanaSql withInterval(String newInterval) {
        return new GrafanaSql(from, to, newInterval, variables);
    }
}
