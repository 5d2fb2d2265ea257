package io.xuanxuan.standalone;

/** The authorization matrix against the standalone server, over the 1.0 client's TCP door. */
class AuthorizationMatrixProtocolTcpTest extends StandaloneTcpServerTest implements AuthorizationMatrixProtocolSuite {
}
