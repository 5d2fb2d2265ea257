package io.xuanxuan.standalone;

/** The chat rules protocol suite against the standalone server (see StandaloneServerTest's chat settings). */
class ChatRulesProtocolTest extends StandaloneServerTest implements ChatRulesProtocolSuite {
}
