package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatRulesProtocolSuite;

/**
 * The chat rules protocol suite against the services running apart, clients on two gateways; both chat
 * instances run with the suite's settings ({@link ChatRulesProtocolSuite#SERVER_PROPERTIES}).
 */
class DistributedChatRulesTest extends DistributedClusterTest implements ChatRulesProtocolSuite {
}
