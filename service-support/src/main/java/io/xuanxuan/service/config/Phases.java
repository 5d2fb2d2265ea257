package io.xuanxuan.service.config;

/**
 * Start-up order of the services' lifecycles: event consumers subscribe first (so nothing published
 * at start-up is missed), then start-up work runs (migrations are already done, demo data, announcing
 * users), then commands are consumed.
 */
public final class Phases {

    public static final int EVENT_CONSUMERS = Integer.MAX_VALUE - 300;
    public static final int STARTUP_WORK = Integer.MAX_VALUE - 200;
    public static final int COMMAND_CONSUMERS = Integer.MAX_VALUE - 100;

    private Phases() {
    }
}
