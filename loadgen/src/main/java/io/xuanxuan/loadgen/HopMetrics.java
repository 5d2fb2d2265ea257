package io.xuanxuan.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-hop latency from the timers the services already keep, read from their Prometheus endpoints
 * ({@code /actuator/prometheus}) at the start and at the end of the measuring window: for each hop the
 * count, the mean (Δsum ÷ Δcount) and, where the timer publishes a histogram ({@code _bucket} series:
 * {@code management.metrics.distribution.percentiles-histogram.<name>=true}), the p99 of the window's
 * observations (interpolated within the bucket, as Prometheus' histogram_quantile does).
 *
 * <p>The hops: {@code xuanxuan.command.duration} (per service and route: a command taken off the bus to its
 * outcome published) and {@code xuanxuan.bus.consume.delay} (per topic and consumer group: a record's publish
 * to its handler's start). A build without the second timer simply has no such hops: absence is not an error,
 * and neither is an endpoint that does not answer (its hops are missing from the result).
 */
final class HopMetrics {

    /** The timers read, by their Prometheus base name, and the short name of their hops. */
    static final Map<String, String> TIMERS = Map.of(
            "xuanxuan_command_duration_seconds", "command",
            "xuanxuan_bus_consume_delay_seconds", "bus delay");

    /** One series' cumulative figures: count, sum (seconds), and buckets (upper bound in seconds → count). */
    static final class Series {
        double count;
        double sum;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
    }

    /** The window's figures of one hop. */
    record Hop(double count, double meanMs, double p99Ms) {
    }

    private final Map<String, URI> sources;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param sources name → actuator base (e.g. {@code http://127.0.0.1:8182}), in report order */
    HopMetrics(Map<String, URI> sources) {
        this.sources = sources;
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** Every source's hop series now, merged by hop (series of the same hop from two sources are added). */
    Map<String, Series> scrape() {
        Map<String, Series> all = new TreeMap<>();
        for (Map.Entry<String, URI> source : sources.entrySet()) {
            String text = fetch(source.getValue().resolve("/actuator/prometheus"));
            if (text != null) {
                parse(text, all);
            }
        }
        return all;
    }

    private String fetch(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Adds the hop series of one Prometheus text exposition to {@code into}. */
    static void parse(String text, Map<String, Series> into) {
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space).trim();
            String base = null;
            String part = null;
            for (String timer : TIMERS.keySet()) {
                if (name.startsWith(timer + "_")) {
                    base = timer;
                    part = name.substring(timer.length() + 1);
                }
            }
            if (base == null || !List.of("count", "sum", "bucket").contains(part)) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            Map<String, String> labels = brace >= 0 ? labels(line.substring(brace + 1, line.lastIndexOf('}'))) : Map.of();
            Series s = into.computeIfAbsent(hopName(base, labels), k -> new Series());
            switch (part) {
                case "count" -> s.count += value;
                case "sum" -> s.sum += value;
                default -> {
                    String le = labels.get("le");
                    double bound = le == null ? Double.NaN : le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    if (!Double.isNaN(bound)) {
                        s.buckets.merge(bound, value, Double::sum);
                    }
                }
            }
        }
    }

    /** {@code key="value",key2="value2"} (values may hold escaped quotes and commas). */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
                break;
            }
            String key = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < text.length() && text.charAt(j) != '"') {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                value.append(text.charAt(j));
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }

    /**
     * The hop's name: {@code command <service> <route>}, {@code bus delay <topic> <group>}, other labels after
     * them; without '=' and ';' (the result column is a {@code name=value; ...} list).
     */
    static String hopName(String base, Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        parts.add(TIMERS.get(base));
        List<String> first = base.equals("xuanxuan_command_duration_seconds") ? List.of("service", "route") : List.of("topic", "group");
        first.forEach(k -> {
            if (labels.containsKey(k)) {
                parts.add(labels.get(k));
            }
        });
        new TreeMap<>(labels).forEach((k, v) -> {
            if (!first.contains(k) && !k.equals("le")) {
                parts.add(k + ":" + v);
            }
        });
        return String.join(" ", parts).replace('=', ':').replace(';', ',');
    }

    /** The hops with observations between the two scrapes: count, mean and (with buckets) p99, by name. */
    static Map<String, Hop> window(Map<String, Series> start, Map<String, Series> end) {
        Map<String, Hop> hops = new TreeMap<>();
        end.forEach((name, e) -> {
            Series s = start.getOrDefault(name, new Series());
            double count = e.count - s.count;
            if (count <= 0) {
                return;
            }
            double meanMs = (e.sum - s.sum) / count * 1000;
            TreeMap<Double, Double> delta = new TreeMap<>();
            e.buckets.forEach((le, c) -> delta.put(le, c - s.buckets.getOrDefault(le, 0.0)));
            hops.put(name, new Hop(count, meanMs, quantileMs(delta, 0.99)));
        });
        return hops;
    }

    /**
     * The q-quantile of cumulative buckets, in ms: linear within the bucket it falls into (the lower bound of
     * the first bucket is 0); the highest finite bound if it falls into +Inf; NaN without buckets.
     */
    static double quantileMs(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) {
                if (Double.isInfinite(b.getKey())) {
                    return lowerBound * 1000;
                }
                double inBucket = b.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + (b.getKey() - lowerBound) * fraction) * 1000;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound * 1000;
    }

    /** {@code {name=mean/p99/count; ...}} (ms, p99 empty without a histogram), empty for no hops. */
    static String text(Map<String, Hop> hops) {
        if (hops.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        hops.forEach((name, h) -> parts.add(name + "=" + String.format(Locale.ROOT, "%.2f", h.meanMs()) + "/"
                + (Double.isNaN(h.p99Ms()) ? "" : String.format(Locale.ROOT, "%.2f", h.p99Ms())) + "/"
                + Math.round(h.count())));
        return "{" + String.join("; ", parts) + "}";
    }
}
