package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcProtocolSupport;
import java.net.URI;

/**
 * The 2.x suites against the services running apart: {@code /serverInfo} on presence's port, {@code /upload} and
 * {@code /download} on the file service's, the 1.0 users on the gateways' {@code /ws} and TCP door. A deployment
 * puts an ingress in front that sends {@code /xxc/ws} to a gateway (the Helm chart does); here the test plays it:
 * the socket URL presence hands out (its own origin, from the request's Host) is sent to the gateways in turn,
 * path and query unchanged. The cluster's presence, gateways and file service share one
 * {@code xuanxuan.xxc.secret}, as a real deployment must.
 */
abstract class DistributedXxcClusterTest extends DistributedClusterTest implements XxcProtocolSupport {

    @Override
    public int nextTcpPort() {
        return cluster.nextGatewayTcpPort();
    }

    @Override
    public String serverInfoBase() {
        return "http://127.0.0.1:" + cluster.port("presence");
    }

    @Override
    public String fileBase() {
        return "http://127.0.0.1:" + cluster.port("file");
    }

    @Override
    public String route(String socketUrl) {
        URI uri = URI.create(socketUrl);
        return "ws://127.0.0.1:" + cluster.nextGatewayPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
