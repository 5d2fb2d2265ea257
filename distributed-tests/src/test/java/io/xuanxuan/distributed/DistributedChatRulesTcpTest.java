package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatRulesProtocolSuite;

/**
 * The chat rules protocol suite against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedChatRulesTcpTest extends DistributedTcpClusterTest implements ChatRulesProtocolSuite {
}
