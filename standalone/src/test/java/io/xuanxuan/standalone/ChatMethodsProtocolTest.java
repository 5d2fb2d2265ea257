package io.xuanxuan.standalone;

/** The chat methods protocol suite against the standalone server. */
class ChatMethodsProtocolTest extends StandaloneServerTest implements ChatMethodsProtocolSuite {
}
