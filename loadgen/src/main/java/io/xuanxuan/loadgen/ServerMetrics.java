package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads the server's actuator: health and single metrics ({@code /actuator/metrics/<name>}). */
public final class ServerMetrics {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param base e.g. {@code http://127.0.0.1:8080} */
    public ServerMetrics(URI base) {
        this.base = base;
    }

    /** The actuator's base, e.g. {@code http://127.0.0.1:9080}. */
    public URI base() {
        return base;
    }

    /** The HTTP base of a WebSocket URL ({@code ws://h:p/ws} → {@code http://h:p}). */
    public static URI httpBaseOf(URI ws) {
        String scheme = "wss".equalsIgnoreCase(ws.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + ws.getHost() + ":" + ws.getPort());
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = get("/actuator/health");
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (Exception e) {
            return false;
        }
    }

    /** The first measurement of a metric, optionally narrowed by tags ({@code "area:heap"}). */
    public OptionalDouble value(String name, String... tags) {
        try {
            JsonNode root = metric(name, tags);
            if (root == null) {
                return OptionalDouble.empty();
            }
            JsonNode measurements = root.path("measurements");
            if (measurements.isEmpty()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(measurements.get(0).path("value").asDouble());
        } catch (Exception e) {
            return OptionalDouble.empty();
        }
    }

    /** The metric's JSON, narrowed by tags, or null if it does not exist (never incremented) or fails. */
    private JsonNode metric(String name, String... tags) {
        try {
            StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
            String separator = "?";
            for (String tag : tags) {
                if (tag != null) {
                    path.append(separator).append("tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
                    separator = "&";
                }
            }
            HttpResponse<String> response = get(path.toString());
            return response.statusCode() == 200 ? ProtocolJson.mapper().readTree(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The values a tag takes for a metric (narrowed by other tags). */
    private List<String> tagValues(String name, String tag, String... narrowing) {
        List<String> values = new ArrayList<>();
        JsonNode root = metric(name, narrowing);
        if (root != null) {
            for (JsonNode available : root.path("availableTags")) {
                if (tag.equals(available.path("tag").asText())) {
                    available.path("values").forEach(v -> values.add(v.asText()));
                }
            }
        }
        return values;
    }

    /** A counter split by one of its tags, e.g. gateway closes by reason; empty if never incremented. */
    public Map<String, Long> byTag(String name, String tag) {
        Map<String, Long> result = new TreeMap<>();
        for (String value : tagValues(name, tag)) {
            value(name, tag + ":" + value).ifPresent(v -> result.put(value, Math.round(v)));
        }
        return result;
    }

    /**
     * Records published to each bus topic and not yet consumed by each of its consumer groups
     * ({@code xuanxuan.bus.published} minus {@code xuanxuan.bus.consumed}), only the positive ones:
     * where a backlog sits. (The two counters are not read atomically: small numbers are noise.)
     */
    public Map<String, Long> busBacklog() {
        Map<String, Long> backlog = new TreeMap<>();
        for (String topic : tagValues("xuanxuan.bus.published", "topic")) {
            double published = value("xuanxuan.bus.published", "topic:" + topic).orElse(0);
            for (String group : tagValues("xuanxuan.bus.consumed", "group", "topic:" + topic)) {
                double consumed = value("xuanxuan.bus.consumed", "topic:" + topic, "group:" + group).orElse(0);
                long lag = Math.round(published - consumed);
                if (lag > 0) {
                    backlog.put(topic + "/" + group, lag);
                }
            }
        }
        return backlog;
    }

    /** Dead-lettered records per topic (a record the bus gave up on): should stay empty. */
    public Map<String, Long> deadLetters() {
        return byTag("xuanxuan.bus.dead.letters", "topic");
    }

    public double heapUsedMb() {
        return value("jvm.memory.used", "area:heap").orElse(Double.NaN) / (1024 * 1024);
    }

    public double heapMaxMb() {
        return value("jvm.memory.max", "area:heap").orElse(Double.NaN) / (1024 * 1024);
    }

    /** Micrometer's process.cpu.usage: recent CPU of the process as a fraction of all cores (0..1). */
    public double cpuUsage() {
        return value("process.cpu.usage").orElse(Double.NaN);
    }

    /** Cumulative CPU time of the server process in seconds (Micrometer process.cpu.time, in ns), or NaN. */
    public double cpuTimeSeconds() {
        return value("process.cpu.time").orElse(Double.NaN) / 1e9;
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
