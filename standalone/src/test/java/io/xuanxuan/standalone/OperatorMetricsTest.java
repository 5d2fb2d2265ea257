package io.xuanxuan.standalone;

import org.springframework.boot.test.web.server.LocalManagementPort;

/** {@link OperatorMetricsSuite} against the standalone server on the in-process bus. */
class OperatorMetricsTest extends StandaloneServerTest implements OperatorMetricsSuite {

    @LocalManagementPort
    int managementPort;

    @Override
    public String scrape() {
        return OperatorMetricsSuite.get(managementPort, "/actuator/prometheus");
    }
}
