package io.xuanxuan.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a rendered manifest strictly into the Kubernetes API model (fabric8's typed classes, generated from
 * the Kubernetes OpenAPI schema) and tells what the API server would refuse: an unknown apiVersion/kind,
 * a value of the wrong type, an unknown field. fabric8's classes keep unknown fields in
 * {@code additionalProperties} (a {@code @JsonAnySetter}) instead of failing, so after reading, the whole
 * object graph is walked and any non-empty {@code getAdditionalProperties()} is a violation.
 * The custom resources the chart may render (ServiceMonitor, PrometheusRule, ScaledObject) are read into
 * {@link CustomResources}' records, which know only the fields of their CRDs that the chart uses: stricter
 * than the CRDs, never looser.
 */
final class KubernetesSchema {

    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", CustomResources.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", CustomResources.PrometheusRule.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", CustomResources.ScaledObject.class));

    /** Strict: no string where a number belongs, no unknown field in a record. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private KubernetesSchema() {
    }

    /** What is wrong with one rendered document; empty when the API server would take it. */
    static List<String> violations(Map<String, Object> document) {
        String key = document.get("apiVersion") + "/" + document.get("kind");
        Class<?> type = TYPES.get(key);
        if (type == null) {
            return List.of(key + ": no schema known for this apiVersion and kind");
        }
        Object typed;
        try {
            typed = MAPPER.convertValue(document, type);
        } catch (JacksonException | IllegalArgumentException e) {
            return List.of(Chart.name(document) + ": " + e.getMessage());
        }
        List<String> violations = new ArrayList<>();
        walk(typed, Chart.name(document), violations);
        if (typed instanceof CustomResources.Checked checked) {
            checked.check(Chart.name(document), violations);
        }
        return violations;
    }

    private static void walk(Object value, String path, List<String> violations) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof Quantity || value instanceof IntOrString) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", violations);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, violations));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.")
                && !(value instanceof Record)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || getter.getDeclaringClass() == Record.class) {
                continue;
            }
            String name = getter.getName();
            boolean record = value instanceof Record;
            if (!record && !(name.startsWith("get") || name.startsWith("is"))) {
                continue;
            }
            if (record && (name.equals("hashCode") || name.equals("toString"))) {
                continue;
            }
            Object child = invoke(getter, value);
            if (name.equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    violations.add(path + ": unknown field(s) " + unknown.keySet());
                }
                continue;
            }
            walk(child, path + "." + propertyName(name, record), violations);
        }
    }

    private static String propertyName(String getter, boolean record) {
        if (record) {
            return getter;
        }
        String bare = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return bare.isEmpty() ? bare : Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not read " + getter + " of " + target.getClass(), e);
        }
    }
}
