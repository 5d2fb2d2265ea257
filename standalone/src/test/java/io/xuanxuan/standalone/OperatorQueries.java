package io.xuanxuan.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What the chart's Grafana dashboard and Prometheus alert rules ask Prometheus for: their PromQL
 * expressions, and the metric names in them, to check against what a running server exports.
 */
public final class OperatorQueries {

    static final Path FILES = Path.of("..", "helm", "xuanxuan", "files");
    static final Path DASHBOARD = FILES.resolve("grafana-dashboard.json");
    static final Path RULES = FILES.resolve("prometheus-rules.yaml");

    /** Series Prometheus makes itself for every scrape target: no server exports them. */
    public static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "ALERTS", "ALERTS_FOR_STATE");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?\\w+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])[a-zA-Z_:][\\w:]*");

    private OperatorQueries() {
    }

    static JsonNode dashboard() throws IOException {
        return ProtocolJson.mapper().readTree(Files.readString(DASHBOARD));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> ruleGroups() throws IOException {
        try (Reader reader = Files.newBufferedReader(RULES)) {
            return (List<Map<String, Object>>) new Yaml().load(reader);
        }
    }

    /** Every target expression of every panel (rows included, with the panels they hold). */
    static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        collect(dashboard().path("panels"), expressions);
        return expressions;
    }

    private static void collect(JsonNode panels, List<String> expressions) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
            collect(panel.path("panels"), expressions);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> ruleExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : ruleGroups()) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    /** The metric names of the dashboard and the rules together. */
    public static Set<String> queriedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
        ruleExpressions().forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /**
     * The metric names a PromQL expression selects: identifiers outside strings, label matchers, ranges
     * and label lists that are neither functions or aggregations (followed by a parenthesis) nor keywords.
     * They are compared with the exposed sample names as they are ({@code _bucket}, {@code _total} and all):
     * Prometheus stores exactly those.
     */
    static Set<String> metricNames(String expression) {
        String rest = STRING.matcher(expression).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll("{}");
        rest = RANGES.matcher(rest).replaceAll("[]");
        rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
        rest = OFFSET.matcher(rest).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            String name = identifiers.group();
            if (KEYWORDS.contains(name) || rest.substring(identifiers.end()).stripLeading().startsWith("(")) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    /** The sample names of a Prometheus text exposition. */
    public static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * The sum of the samples with this name whose labels include all of {@code labels} (given as
     * {@code key="value"}; several processes' expositions may be one after another), 0 if there is none.
     */
    public static double value(String exposition, String name, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
