package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcFilesProtocolSuite;

/** The 2.x files suite against the services running apart, clients on two gateways. */
class DistributedXxcFilesTest extends DistributedXxcClusterTest implements XxcFilesProtocolSuite {
}
