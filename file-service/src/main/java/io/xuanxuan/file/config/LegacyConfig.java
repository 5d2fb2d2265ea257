package io.xuanxuan.file.config;

/**
 * What {@code getconfig} reports: the legacy TCP listener's host and port, the version. The host: {@code ip}, else
 * the request's. The port: {@code port} (the public one, e.g. a load balancer's), else the port of the gateway's
 * TCP door in this process ({@code listenerPort}, 0 when there is none: the distributed file service), else the
 * request's.
 */
public record LegacyConfig(String ip, int port, String version, java.util.function.IntSupplier listenerPort) {

    public LegacyConfig(String ip, int port, String version) {
        this(ip, port, version, () -> 0);
    }
}
