package io.xuanxuan.file.config;

/** What {@code getconfig} reports: the legacy TCP listener's host and port (empty/0: the request's), the version. */
public record LegacyConfig(String ip, int port, String version) {
}
