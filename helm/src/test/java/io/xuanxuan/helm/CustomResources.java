package io.xuanxuan.helm;

import java.util.List;
import java.util.Map;

/**
 * The custom resources the chart renders, as records of the fields their CRDs define that the chart uses
 * (Prometheus Operator's monitoring.coreos.com/v1 ServiceMonitor and PrometheusRule, KEDA's
 * keda.sh/v1alpha1 ScaledObject). Read with unknown properties failing; {@link Checked#check} adds what the
 * CRDs require.
 */
final class CustomResources {

    private CustomResources() {
    }

    interface Checked {
        void check(String path, List<String> violations);
    }

    static void require(boolean condition, String message, List<String> violations) {
        if (!condition) {
            violations.add(message);
        }
    }

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record LabelSelector(Map<String, String> matchLabels) {
    }

    record Endpoint(String port, String path, String interval, String scrapeTimeout, String scheme) {
    }

    record ServiceMonitorSpec(LabelSelector selector, List<Endpoint> endpoints, String jobLabel) {
    }

    record ServiceMonitor(String apiVersion, String kind, Metadata metadata, ServiceMonitorSpec spec)
            implements Checked {
        @Override
        public void check(String path, List<String> violations) {
            require(metadata != null && metadata.name() != null, path + ": metadata.name is required", violations);
            require(spec != null && spec.selector() != null && spec.selector().matchLabels() != null
                    && !spec.selector().matchLabels().isEmpty(), path + ": spec.selector.matchLabels is required",
                    violations);
            require(spec != null && spec.endpoints() != null && !spec.endpoints().isEmpty()
                    && spec.endpoints().stream().allMatch(e -> e.port() != null && e.path() != null),
                    path + ": spec.endpoints need port and path", violations);
        }
    }

    record Rule(String alert, String record, String expr, String keep_firing_for, Map<String, String> labels,
                Map<String, String> annotations, @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration) {
    }

    record RuleGroup(String name, String interval, List<Rule> rules, String limit) {
    }

    record PrometheusRuleSpec(List<RuleGroup> groups) {
    }

    record PrometheusRule(String apiVersion, String kind, Metadata metadata, PrometheusRuleSpec spec)
            implements Checked {
        @Override
        public void check(String path, List<String> violations) {
            require(metadata != null && metadata.name() != null, path + ": metadata.name is required", violations);
            require(spec != null && spec.groups() != null, path + ": spec.groups is required", violations);
            if (spec == null || spec.groups() == null) {
                return;
            }
            for (RuleGroup group : spec.groups()) {
                require(group.name() != null && !group.name().isBlank(), path + ": a rule group has no name",
                        violations);
                require(group.rules() != null, path + ": group " + group.name() + " has no rules", violations);
                if (group.rules() == null) {
                    continue;
                }
                for (Rule rule : group.rules()) {
                    require(rule.expr() != null && !rule.expr().isBlank(),
                            path + ": a rule of group " + group.name() + " has no expr", violations);
                    require((rule.alert() == null) != (rule.record() == null),
                            path + ": a rule of group " + group.name() + " needs exactly one of alert and record",
                            violations);
                }
            }
        }
    }

    record ScaleTargetRef(String name, String kind, String apiVersion) {
    }

    record Trigger(String type, String name, Map<String, String> metadata) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount,
                            Integer pollingInterval, Integer cooldownPeriod, List<Trigger> triggers) {
    }

    record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledObjectSpec spec) implements Checked {
        @Override
        public void check(String path, List<String> violations) {
            require(metadata != null && metadata.name() != null, path + ": metadata.name is required", violations);
            require(spec != null && spec.scaleTargetRef() != null && spec.scaleTargetRef().name() != null,
                    path + ": spec.scaleTargetRef.name is required", violations);
            require(spec != null && spec.triggers() != null && !spec.triggers().isEmpty()
                    && spec.triggers().stream().allMatch(t -> t.type() != null && t.metadata() != null),
                    path + ": spec.triggers need type and metadata", violations);
            require(spec == null || spec.minReplicaCount() == null || spec.maxReplicaCount() == null
                    || spec.minReplicaCount() <= spec.maxReplicaCount(),
                    path + ": minReplicaCount is above maxReplicaCount", violations);
        }
    }
}
