package io.xuanxuan.loadgen.report;

import java.util.List;

/**
 * What the report shows of one scenario's result file: which columns make a parameter set (the rows of
 * its tables), which figures are compared with the baseline, which are listed in full, and which are the
 * key figures set next to an earlier run's under "Before and after".
 */
record Scenario(String name, String title, String measures, List<String> keyColumns, List<Metric> compared,
                List<Metric> details, Metric capacity, String capacityGroupColumn, List<Metric> beforeAfter) {

    /** Which way a figure is better; stated in the ratio columns' headers. */
    enum Direction {
        HIGHER("higher is better"), LOWER("lower is better"), NONE("");

        final String text;

        Direction(String text) {
            this.text = text;
        }
    }

    record Metric(String column, String label, Direction direction) {
    }

    static final List<String> KINDS = List.of("baseline", "standalone", "distributed");

    private static Metric m(String column, String label, Direction direction) {
        return new Metric(column, label, direction);
    }

    private static final Direction H = Direction.HIGHER;
    private static final Direction L = Direction.LOWER;
    private static final Direction N = Direction.NONE;

    private static final List<Metric> MESSAGING_DETAILS = List.of(
            m("step", "step", N),
            m("offered_rate", "offered msg/s", N),
            m("msgs_per_s", "msg/s", H),
            m("deliveries_per_s", "deliveries/s", H),
            m("p50_ms", "p50 ms", L),
            m("p99_ms", "p99 ms", L),
            m("p999_ms", "p99.9 ms", L),
            m("max_ms", "max ms", L),
            m("missing", "missing", L),
            m("duplicates", "dup", L),
            m("server_heap_peak_mb", "server heap peak MB", L),
            m("server_cpu_cores", "server CPU cores", L),
            m("cpu_total_cores", "CPU cores, all server processes", L),
            m("cpu_ms_per_msg", "CPU ms/msg, all server processes", L),
            m("loadgen_cpu_cores", "loadgen CPU cores", N),
            m("bus_backlog_at_window_end", "bus backlog at window end", N),
            m("break_reason", "step broke", N));

    static final List<Scenario> ALL = List.of(
            new Scenario("one2one", "One-to-one messaging",
                    "pairs of users, one sends to the other at increasing offered rates (open loop); latency is"
                            + " from the intended send time to the push at the receiver",
                    List.of("offered_rate"),
                    List.of(m("msgs_per_s", "msg/s delivered", H), m("p99_ms", "p99 ms", L)),
                    MESSAGING_DETAILS, m("msgs_per_s", "msg/s delivered", H), null,
                    List.of(m("msgs_per_s", "msg/s delivered", H), m("p99_ms", "p99 ms", L),
                            m("cpu_ms_per_msg", "CPU ms/msg", L))),
            new Scenario("group", "Group fan-out",
                    "one group chat, every member online, a few members send; every message is pushed to all"
                            + " other members (deliveries/s = msg/s × (members − 1))",
                    List.of("members", "offered_rate"),
                    List.of(m("deliveries_per_s", "deliveries/s", H), m("p99_ms", "p99 ms", L)),
                    MESSAGING_DETAILS, m("deliveries_per_s", "deliveries/s", H), "members",
                    List.of(m("deliveries_per_s", "deliveries/s", H), m("p99_ms", "p99 ms", L),
                            m("cpu_ms_per_msg", "CPU ms/msg", L))),
            new Scenario("sessions", "Idle sessions",
                    "N users log in and stay connected, idle; heap and resident memory before and after, per session",
                    List.of("sessions"),
                    List.of(m("heap_per_session_kb", "heap KB/session", L), m("rss_per_session_kb", "RSS KB/session", L)),
                    List.of(m("logins_per_s", "logins/s", H),
                            m("heap_before_mb", "heap before MB", L),
                            m("heap_after_mb", "heap after MB", L),
                            m("heap_per_session_kb", "heap KB/session", L),
                            m("rss_before_mb", "RSS before MB", L),
                            m("rss_after_mb", "RSS after MB", L),
                            m("rss_per_session_kb", "RSS KB/session", L),
                            m("idle_cpu_cores", "idle CPU cores", L),
                            m("failures", "failures", L),
                            m("bcrypt_strength", "bcrypt strength", N)),
                    null, null,
                    List.of(m("heap_per_session_kb", "heap KB/session", L))),
            new Scenario("logins", "Login storm",
                    "N users log in (cold), then all connections drop and all N reconnect and log in at once",
                    List.of("sessions"),
                    List.of(m("storm_seconds", "storm s", L), m("login_p99_ms", "login p99 ms", L)),
                    List.of(m("cold_logins_per_s", "cold logins/s", H),
                            m("storm_seconds", "storm s", L),
                            m("storm_logins_per_s", "storm logins/s", H),
                            m("login_p50_ms", "login p50 ms", L),
                            m("login_p99_ms", "login p99 ms", L),
                            m("login_max_ms", "login max ms", L),
                            m("failures", "failures", L),
                            m("bytes_received_mb", "MB received", N),
                            m("frames_received", "frames received", N),
                            m("server_cpu_cores", "server CPU cores", L),
                            m("bcrypt_strength", "bcrypt strength", N)),
                    null, null,
                    List.of(m("storm_seconds", "storm s", L))),
            new Scenario("flush", "Offline flush",
                    "messages are queued for an offline user, who then logs in and receives them all",
                    List.of("queued"),
                    List.of(m("flush_seconds", "flush s", L), m("flush_msgs_per_s", "msg/s flushed", H)),
                    List.of(m("flush_seconds", "flush s", L),
                            m("flush_msgs_per_s", "msg/s flushed", H),
                            m("missing", "missing", L),
                            m("duplicates", "dup", L),
                            m("out_of_order", "out of order", L),
                            m("redelivered_after_relogin", "redelivered after re-login", L),
                            m("server_heap_peak_mb", "server heap peak MB", L)),
                    null, null,
                    List.of(m("flush_seconds", "flush s", L))));
}
