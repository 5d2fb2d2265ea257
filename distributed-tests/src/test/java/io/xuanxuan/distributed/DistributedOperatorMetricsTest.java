package io.xuanxuan.distributed;

import io.xuanxuan.standalone.OperatorMetricsSuite;
import org.springframework.core.env.Environment;

/**
 * The operator's view of the services running apart on Kafka: every metric the chart's dashboard and
 * alert rules query is exported by one of the services, and the meters count across them.
 */
class DistributedOperatorMetricsTest extends DistributedClusterTest implements OperatorMetricsSuite {

    /** Every service's exposition, one after another. */
    @Override
    public String scrape() {
        StringBuilder all = new StringBuilder();
        for (String service : DistributedCluster.SERVICES) {
            all.append(OperatorMetricsSuite.get(managementPort(service), "/actuator/prometheus")).append('\n');
        }
        return all.toString();
    }

    /** The gateways and the file service serve actuator on a port of their own; the others on theirs. */
    private int managementPort(String service) {
        Integer own = cluster.bean(service, Environment.class).getProperty("local.management.port", Integer.class);
        return own != null ? own : cluster.port(service);
    }
}
