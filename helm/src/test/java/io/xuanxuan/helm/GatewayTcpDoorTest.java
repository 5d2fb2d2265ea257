package io.xuanxuan.helm;

import static io.xuanxuan.helm.ChartRulesTest.list;
import static io.xuanxuan.helm.ChartRulesTest.map;
import static io.xuanxuan.helm.ChartRulesTest.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's TCP door for the 1.0 desktop client (values gateway.tcp.*): off by default, as in the server;
 * on, the gateway container gets the port and the environment that turns the door on, a Service of its own
 * exposes it, the file service's getconfig names the public host and port, and a NetworkPolicy lets clients in.
 */
class GatewayTcpDoorTest {

    private static final String CREDENTIALS = "database: {password: a-password}\ns3: {accessKey: an-access-key, secretKey: a-secret-key}\nxxc: {secret: a-token-secret-16chars}\n";

    @Test
    void theDoorIsClosedByDefault() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(Chart.CI.resolve("defaults-values.yaml")));

        assertThat(ports(container(documents, "gateway"))).containsOnlyKeys("http", "management");
        assertThat(service(documents, "xx-xuanxuan-gateway-tcp")).isEmpty();
        assertThat(configMap(documents, "gateway")).containsEntry("XUANXUAN_GATEWAY_TCP_ENABLED", "false")
                .doesNotContainKey("XUANXUAN_GATEWAY_TCP_PORT");
        assertThat(configMap(documents, "file")).doesNotContainKeys("XUANXUAN_FILES_LEGACY_IP", "XUANXUAN_FILES_LEGACY_PORT");
    }

    @Test
    void onTheGatewayListensAndALoadBalancerServiceExposesTheDoor() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(CREDENTIALS + """
                gateway:
                  tcp:
                    enabled: true
                    port: 12000
                    service:
                      port: 11444
                      annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
                    publicHost: im.example.com
                """));

        assertThat(ports(container(documents, "gateway"))).containsEntry("tcp", 12000);
        assertThat(configMap(documents, "gateway")).containsEntry("XUANXUAN_GATEWAY_TCP_ENABLED", "true")
                .containsEntry("XUANXUAN_GATEWAY_TCP_PORT", "12000");
        Map<String, Object> service = service(documents, "xx-xuanxuan-gateway-tcp").orElseThrow();
        assertThat(KubernetesSchema.violations(service)).isEmpty();
        assertThat(map(service, "metadata", "annotations"))
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
        Map<String, Object> spec = map(service, "spec");
        assertThat(spec).containsEntry("type", "LoadBalancer").containsEntry("externalTrafficPolicy", "Cluster");
        assertThat(map(spec, "selector")).as("the gateway's pods")
                .isEqualTo(map(service(documents, "xx-xuanxuan-gateway").orElseThrow(), "spec", "selector"));
        assertThat(list(spec, "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("port", 11444).containsEntry("targetPort", "tcp").containsEntry("protocol", "TCP")
                .doesNotContainKey("nodePort"));
        // getconfig: the balancer's host and port, not the gateway container's
        assertThat(configMap(documents, "file")).containsEntry("XUANXUAN_FILES_LEGACY_IP", "im.example.com")
                .containsEntry("XUANXUAN_FILES_LEGACY_PORT", "11444");
        assertThat(Chart.installDryRun(write(CREDENTIALS + "gateway: {tcp: {enabled: true, publicHost: im.example.com}}\n")))
                .contains("Service xx-xuanxuan-gateway-tcp (LoadBalancer", "getconfig names im.example.com:11444");
    }

    @Test
    void aNodePortServiceNamesItsNodePortToClientsAndAPublicPortWins() {
        List<Map<String, Object>> nodePort = Chart.documents(Chart.template(CREDENTIALS
                + "gateway: {tcp: {enabled: true, service: {type: NodePort, nodePort: 30444}}}\n"));
        Map<String, Object> spec = map(service(nodePort, "xx-xuanxuan-gateway-tcp").orElseThrow(), "spec");
        assertThat(spec).containsEntry("type", "NodePort");
        assertThat(list(spec, "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("port", 11444).containsEntry("nodePort", 30444));
        assertThat(ports(container(nodePort, "gateway"))).containsEntry("tcp", 11444);
        assertThat(configMap(nodePort, "file")).containsEntry("XUANXUAN_FILES_LEGACY_PORT", "30444")
                .as("no host: the host the getconfig request came to").doesNotContainKey("XUANXUAN_FILES_LEGACY_IP");

        List<Map<String, Object>> proxied = Chart.documents(Chart.template(CREDENTIALS
                + "gateway: {tcp: {enabled: true, service: {type: ClusterIP, nodePort: 30444}, publicPort: 443}}\n"));
        Map<String, Object> clusterIp = map(service(proxied, "xx-xuanxuan-gateway-tcp").orElseThrow(), "spec");
        assertThat(clusterIp).containsEntry("type", "ClusterIP").doesNotContainKey("externalTrafficPolicy");
        assertThat(list(clusterIp, "ports")).singleElement().satisfies(port -> assertThat(port).doesNotContainKey("nodePort"));
        assertThat(configMap(proxied, "file")).containsEntry("XUANXUAN_FILES_LEGACY_PORT", "443");
    }

    @Test
    void theNetworkPolicyLetsClientsReachTheDoor() {
        String policy = CREDENTIALS + """
                networkPolicy:
                  enabled: true
                  ingressFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
                """;
        List<Map<String, Object>> closed = Chart.documents(Chart.template(policy));
        List<Map<String, Object>> open = Chart.documents(Chart.template(policy + "gateway: {tcp: {enabled: true}}\n"));
        List<Map<String, Object>> restricted = Chart.documents(Chart.template(policy.replace("networkPolicy:\n",
                "networkPolicy:\n  tcpFrom: [{ipBlock: {cidr: 198.51.100.0/24}}]\n") + "gateway: {tcp: {enabled: true}}\n"));

        assertThat(tcpRule(closed)).isEmpty();
        assertThat(tcpRule(open)).hasValueSatisfying(rule -> assertThat(rule).as("from anywhere").doesNotContainKey("from"));
        assertThat(tcpRule(restricted)).hasValueSatisfying(rule -> assertThat(list(rule, "from")).singleElement()
                .satisfies(peer -> assertThat(map(peer, "ipBlock")).containsEntry("cidr", "198.51.100.0/24")));
    }

    private static Optional<Map<String, Object>> tcpRule(List<Map<String, Object>> documents) {
        Map<String, Object> policy = ofKind(documents, "NetworkPolicy").stream()
                .filter(d -> "xx-xuanxuan-gateway".equals(map(d, "metadata").get("name"))).findFirst().orElseThrow();
        return list(map(policy, "spec"), "ingress").stream()
                .filter(rule -> list(rule, "ports").stream().anyMatch(port -> "tcp".equals(port.get("port")))).findFirst();
    }

    private static Map<String, Object> container(List<Map<String, Object>> documents, String component) {
        Map<String, Object> deployment = ofKind(documents, "Deployment").stream()
                .filter(d -> ("xx-xuanxuan-" + component).equals(map(d, "metadata").get("name"))).findFirst().orElseThrow();
        return list(map(deployment, "spec", "template", "spec"), "containers").get(0);
    }

    /** The container's ports, name to number. */
    private static Map<String, Object> ports(Map<String, Object> container) {
        Map<String, Object> ports = new java.util.LinkedHashMap<>();
        list(container, "ports").forEach(port -> ports.put(String.valueOf(port.get("name")), port.get("containerPort")));
        return ports;
    }

    private static Optional<Map<String, Object>> service(List<Map<String, Object>> documents, String name) {
        return ofKind(documents, "Service").stream().filter(d -> name.equals(map(d, "metadata").get("name"))).findFirst();
    }

    private static Map<String, Object> configMap(List<Map<String, Object>> documents, String component) {
        return map(ofKind(documents, "ConfigMap").stream()
                .filter(d -> ("xx-xuanxuan-" + component).equals(map(d, "metadata").get("name"))).findFirst().orElseThrow(),
                "data");
    }

    private static java.nio.file.Path write(String values) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("xx-tcp-values-", ".yaml");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, values);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
