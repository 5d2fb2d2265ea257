package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcRefusalsProtocolSuite;

/** The 2.x refusals suite against the services running apart, clients on two gateways. */
class DistributedXxcRefusalsTest extends DistributedXxcClusterTest implements XxcRefusalsProtocolSuite {
}
