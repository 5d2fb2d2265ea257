package io.xuanxuan.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest the chart renders is valid against the Kubernetes API, strictly (an unknown field fails). */
class ManifestSchemaTest {

    static List<Path> valuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void everyRenderedManifestIsValid(Path valuesFile) {
        List<Map<String, Object>> documents = Chart.documents(Chart.templateWithHooks(valuesFile));

        List<String> violations = new ArrayList<>();
        documents.forEach(document -> violations.addAll(KubernetesSchema.violations(document)));
        documents.forEach(document -> emptyKeys(document, Chart.name(document), violations));

        assertThat(documents).as("rendered documents").hasSizeGreaterThan(20);
        assertThat(violations).as("violations in %s", valuesFile.getFileName()).isEmpty();
    }

    /** The check itself: what the API server refuses, it refuses too (so a green run means something). */
    @Test
    void theCheckRefusesUnknownFieldsWrongTypesAndUnknownKinds() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          securityContext: {readOnlyRootFS: true}
                """;
        assertThat(violations(deployment)).singleElement().asString()
                .contains("containers[0].securityContext").contains("readOnlyRootFS");
        assertThat(violations(deployment.replace("selector:", "replicas: two\n  selector:")))
                .singleElement().asString().contains("replicas");
        assertThat(violations(deployment.replace("apps/v1", "apps/v1beta1"))).singleElement().asString()
                .contains("no schema known");
        assertThat(violations("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: x}
                spec:
                  scaleTargetRef: {name: x}
                  maxReplicas: 3
                  triggers: [{type: kafka, metadata: {topic: t}}]
                """)).singleElement().asString().contains("maxReplicas");
    }

    /** A key rendered with nothing after it (`env:` with no entries) is null: a template that forgot an `if`. */
    private static void emptyKeys(Object value, String path, List<String> violations) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                if (child == null) {
                    violations.add(path + "." + key + " is rendered empty (null)");
                }
                emptyKeys(child, path + "." + key, violations);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                emptyKeys(list.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    private static List<String> violations(String yaml) {
        return KubernetesSchema.violations(Chart.documents(yaml).get(0));
    }
}
