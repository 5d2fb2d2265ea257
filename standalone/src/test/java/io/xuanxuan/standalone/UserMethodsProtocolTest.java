package io.xuanxuan.standalone;

/** The user methods protocol suite against the standalone server. */
class UserMethodsProtocolTest extends StandaloneServerTest implements UserMethodsProtocolSuite {
}
