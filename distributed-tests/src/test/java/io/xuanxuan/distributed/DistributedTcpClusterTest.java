package io.xuanxuan.distributed;

/**
 * A protocol test class against the distributed cluster over the gateways' TCP door (the 1.0 client's):
 * the same cluster as the WebSocket classes, clients alternating between the two gateways' TCP ports.
 */
abstract class DistributedTcpClusterTest extends DistributedClusterTest {

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int nextTcpPort() {
        return cluster.nextGatewayTcpPort();
    }
}
