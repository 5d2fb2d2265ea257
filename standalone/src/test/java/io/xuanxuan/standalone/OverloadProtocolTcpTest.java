package io.xuanxuan.standalone;

/** The overload suite over the 1.0 client's TCP door, in {@link OverloadProtocolTest}'s context (same server). */
class OverloadProtocolTcpTest extends OverloadProtocolTest {

    @Override
    public Transport transport() {
        return Transport.TCP;
    }
}
