package io.xuanxuan.standalone;

/** The login protocol suite against the standalone server. */
class LoginProtocolTest extends StandaloneServerTest implements LoginProtocolSuite {
}
