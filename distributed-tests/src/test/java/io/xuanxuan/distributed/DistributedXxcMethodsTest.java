package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcMethodsProtocolSuite;

/** The 2.x methods suite against the services running apart, clients on two gateways. */
class DistributedXxcMethodsTest extends DistributedXxcClusterTest implements XxcMethodsProtocolSuite {
}
