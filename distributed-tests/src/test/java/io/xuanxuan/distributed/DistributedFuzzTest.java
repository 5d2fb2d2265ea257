package io.xuanxuan.distributed;

import io.xuanxuan.standalone.FuzzProtocolSuite;

/**
 * The fuzz suite against the services running apart, clients on two gateways. Fewer frames than against
 * the standalone server (every request that reaches a service crosses the Kafka broker twice); the
 * standalone run covers the full 20,000. {@code -Dxx.fuzz.frames=N} sets both.
 */
class DistributedFuzzTest extends DistributedClusterTest implements FuzzProtocolSuite {

    @Override
    public int fuzzFrames() {
        return Integer.getInteger("xx.fuzz.frames", 4_000);
    }
}
