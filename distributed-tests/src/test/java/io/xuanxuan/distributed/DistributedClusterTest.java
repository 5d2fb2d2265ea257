package io.xuanxuan.distributed;

import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.standalone.ProtocolTestSupport;
import io.xuanxuan.standalone.TestClock;
import org.junit.jupiter.api.BeforeEach;

/** A protocol test class against the distributed cluster; clients alternate between the two gateways. */
abstract class DistributedClusterTest implements ProtocolTestSupport {

    DistributedCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = DistributedCluster.get();
    }

    @Override
    public int nextPort() {
        return cluster.nextGatewayPort();
    }

    @Override
    public TestClock clock() {
        return cluster.clock();
    }

    @Override
    public AccountStore accounts() {
        return cluster.accounts();
    }
}
