package io.xuanxuan.standalone;

/** The delivery invariants on the standalone server's in-process bus (the shared test context). */
class MessageDeliveryInProcessTest extends StandaloneServerTest implements MessageDeliveryInvariants {
}
