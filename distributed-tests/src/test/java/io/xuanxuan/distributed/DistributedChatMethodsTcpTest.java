package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatMethodsProtocolSuite;

/**
 * The chat methods protocol suite against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedChatMethodsTcpTest extends DistributedTcpClusterTest implements ChatMethodsProtocolSuite {
}
