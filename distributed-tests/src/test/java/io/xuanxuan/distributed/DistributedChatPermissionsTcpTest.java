package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatPermissionsProtocolSuite;

/**
 * The chat permissions protocol suite against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedChatPermissionsTcpTest extends DistributedTcpClusterTest implements ChatPermissionsProtocolSuite {
}
