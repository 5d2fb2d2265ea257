package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard and alert rules are well formed: a dashboard Grafana imports (panels on
 * the data source variable, each with a query), and rule groups a PrometheusRule accepts (each rule with
 * an expression, a severity, a summary and a description, and a duration). That they query what the server
 * exports: {@link OperatorMetricsSuite}.
 */
class OperatorFilesTest {

    /** What a person looks for (DESIGN.md section 7), each by one metric the dashboard must query. */
    private static final List<String> DASHBOARD_MUST_SHOW = List.of("xuanxuan_gateway_connections",
            "xuanxuan_logins_total", "xuanxuan_command_duration_seconds_count",
            "xuanxuan_command_duration_seconds_bucket", "xuanxuan_delivery_latency_seconds_bucket",
            "xuanxuan_bus_consumer_lag", "xuanxuan_bus_dead_letters_total", "xuanxuan_offline_queue_depth",
            "jvm_memory_used_bytes", "process_cpu_usage", "http_server_requests_seconds_count");

    /** What pages someone: consumer lag, dead letters, gateway errors, database down, a service down. */
    private static final List<String> RULES_MUST_WATCH = List.of("xuanxuan_bus_consumer_lag",
            "xuanxuan_bus_dead_letters_total", "xuanxuan_command_errors_total",
            "http_server_requests_seconds_count", "xuanxuan_database_up", "up");

    @Test
    void dashboardIsAGrafanaModelOnTheDatasourceVariable() throws Exception {
        JsonNode dashboard = OperatorQueries.dashboard();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.path("schemaVersion").isInt()).isTrue();

        JsonNode variables = dashboard.path("templating").path("list");
        JsonNode datasource = null;
        for (JsonNode variable : variables) {
            if ("datasource".equals(variable.path("name").asText())) {
                datasource = variable;
            }
        }
        assertThat(datasource).as("the datasource template variable").isNotNull();
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
            JsonNode grid = panel.path("gridPos");
            for (String field : List.of("h", "w", "x", "y")) {
                assertThat(grid.path(field).isInt()).as(title + " gridPos." + field).isTrue();
            }
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + " fits 24 columns")
                    .isLessThanOrEqualTo(24);
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "table");
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty()).as(title).isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title + " query").isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(target.path("refId").asText()).as(title).isNotBlank();
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(DASHBOARD_MUST_SHOW.size());
        Set<String> queried = new HashSet<>();
        OperatorQueries.dashboardExpressions().forEach(e -> queried.addAll(OperatorQueries.metricNames(e)));
        assertThat(queried).containsAll(DASHBOARD_MUST_SHOW);
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertRulesAreRuleGroupsWithSeverityAnnotationsAndDuration() throws Exception {
        List<Map<String, Object>> groups = OperatorQueries.ruleGroups();
        assertThat(groups).isNotEmpty();
        Set<String> groupNames = new HashSet<>();
        Set<String> alerts = new HashSet<>();
        for (Map<String, Object> group : groups) {
            assertThat(group).containsOnlyKeys("name", "rules");
            assertThat(groupNames.add((String) group.get("name"))).as("unique group " + group.get("name")).isTrue();
            List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
            assertThat(rules).as(group.get("name") + " rules").isNotEmpty();
            for (Map<String, Object> rule : rules) {
                String alert = (String) rule.get("alert");
                assertThat(alert).as("alert name of " + rule).matches("[A-Z][A-Za-z0-9]+");
                assertThat(alerts.add(alert)).as("unique alert " + alert).isTrue();
                assertThat(rule).containsOnlyKeys("alert", "expr", "for", "labels", "annotations");
                assertThat(String.valueOf(rule.get("expr"))).as(alert).isNotBlank();
                assertThat(String.valueOf(rule.get("for"))).as(alert + " for").matches("\\d+[smh]");
                Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
                assertThat(labels.get("severity")).as(alert + " severity").isIn("critical", "warning");
                Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
                assertThat(annotations).as(alert).containsKeys("summary", "description");
                assertThat(String.valueOf(annotations.get("summary"))).isNotBlank();
                assertThat(String.valueOf(annotations.get("description"))).isNotBlank();
            }
        }
        Set<String> watched = new HashSet<>();
        OperatorQueries.ruleExpressions().forEach(e -> watched.addAll(OperatorQueries.metricNames(e)));
        assertThat(watched).containsAll(RULES_MUST_WATCH);
    }

    @Test
    void metricNamesAreTheSelectorsOfAnExpression() {
        assertThat(OperatorQueries.metricNames("histogram_quantile(0.99, sum by (le, route) "
                + "(rate(xuanxuan_command_duration_seconds_bucket{route=~\"chat/.*\", le!=\"x(\"}[$__rate_interval])))"))
                .containsExactly("xuanxuan_command_duration_seconds_bucket");
        assertThat(OperatorQueries.metricNames("sum by (topic, group) (xuanxuan_bus_consumer_lag) > 1000 and "
                + "sum by (topic, group) (deriv(xuanxuan_bus_consumer_lag[10m])) > 0"))
                .containsExactly("xuanxuan_bus_consumer_lag");
        assertThat(OperatorQueries.metricNames("a_total / on (job) group_left (x) b offset 5m > bool 1e3"))
                .containsExactly("a_total", "b");
        assertThat(OperatorQueries.metricNames("up{job=~\".*(gateway|chat).*\"} == 0")).containsExactly("up");
        assertThat(OperatorQueries.metricNames("max(x:recorded:rate5m) unless absent(y)"))
                .containsExactly("x:recorded:rate5m", "y");
    }

    @Test
    void exportedNamesAreTheSampleNamesOfAnExposition() {
        String exposition = """
                # HELP xuanxuan_logins_total Login attempts
                # TYPE xuanxuan_logins_total counter
                xuanxuan_logins_total{outcome="failure",reason="busy"} 2.0
                xuanxuan_logins_total{outcome="success",reason="none"} 5.0
                process_cpu_usage 0.25
                """;
        assertThat(OperatorQueries.exportedNames(exposition)).containsExactly("process_cpu_usage",
                "xuanxuan_logins_total");
        assertThat(OperatorQueries.value(exposition, "xuanxuan_logins_total", "outcome=\"success\"")).isEqualTo(5.0);
        assertThat(OperatorQueries.value(exposition, "xuanxuan_logins_total", "reason=\"locked\"")).isZero();
    }
}
