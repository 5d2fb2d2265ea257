package io.xuanxuan.standalone;

/** The authorization matrix against the standalone server. */
class AuthorizationMatrixProtocolTest extends StandaloneServerTest implements AuthorizationMatrixProtocolSuite {
}
