package io.xuanxuan.standalone;

/** The chat permissions protocol suite against the standalone server. */
class ChatPermissionsProtocolTest extends StandaloneServerTest implements ChatPermissionsProtocolSuite {
}
