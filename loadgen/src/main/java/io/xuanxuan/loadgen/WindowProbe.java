package io.xuanxuan.loadgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is read at the two edges of a measuring window besides the load generator's own counters: the CPU
 * seconds of every process of the measured system ({@link ProcCpu}: the standalone server, or every process
 * of the distributed system: gateways, services, Kafka broker, MariaDB, S3 server) and the services' per-hop
 * timers ({@link HopMetrics}). At the start the timers are scraped before the CPU is read, at the end after
 * it, so that the scrapes' own CPU falls outside the window.
 */
final class WindowProbe {

    private final Map<String, Long> processes;
    private final HopMetrics hops;
    private volatile Map<String, Double> cpuStart = Map.of();
    private volatile Map<String, Double> cpuEnd = Map.of();
    private volatile Map<String, HopMetrics.Series> hopsStart = Map.of();
    private volatile Map<String, HopMetrics.Series> hopsEnd = Map.of();
    private volatile long cpuStartNanos;
    private volatile long cpuEndNanos;

    /** @param processes name → pid, in report order (may be empty: no CPU figures) */
    WindowProbe(Map<String, Long> processes, HopMetrics hops) {
        this.processes = new LinkedHashMap<>(processes);
        this.hops = hops;
    }

    /** Cumulative CPU seconds of all the processes now (NaN if any cannot be read, or there are none). */
    double totalCpuSeconds() {
        if (processes.isEmpty()) {
            return Double.NaN;
        }
        return ProcCpu.sample(processes).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    void atStart() {
        hopsStart = hops.isEmpty() ? Map.of() : hops.scrape();
        cpuStart = ProcCpu.sample(processes);
        cpuStartNanos = System.nanoTime();
    }

    void atEnd() {
        cpuEnd = ProcCpu.sample(processes);
        cpuEndNanos = System.nanoTime();
        hopsEnd = hops.isEmpty() ? Map.of() : hops.scrape();
    }

    /** CPU seconds each process used in the window (NaN for one not readable at either edge). */
    Map<String, Double> cpuSecondsInWindow() {
        return delta(processes.keySet().stream().toList(), cpuStart, cpuEnd);
    }

    static Map<String, Double> delta(List<String> names, Map<String, Double> start, Map<String, Double> end) {
        Map<String, Double> used = new LinkedHashMap<>();
        for (String name : names) {
            used.put(name, end.getOrDefault(name, Double.NaN) - start.getOrDefault(name, Double.NaN));
        }
        return used;
    }

    Map<String, HopMetrics.Hop> hopsInWindow() {
        return HopMetrics.window(hopsStart, hopsEnd);
    }

    /**
     * Puts the window's CPU figures into a result: {@code cpu_total_cores} and {@code cpu_ms_per_msg} over all
     * processes (empty when any process could not be read: a partial sum would understate the cost), and per
     * process {@code process_cpu_cores} and {@code process_cpu_ms_per_msg} ({@code {name=value; ...}}); per
     * message = per message answered {@code success} in the window. Then {@code hops}.
     */
    void fill(Result r, double windowSeconds, long messagesInWindow) {
        fill(r, windowSeconds, messagesInWindow, probedSeconds(windowSeconds));
    }

    /**
     * The time between the two CPU reads. Not the window's length: the scrape before the first read takes
     * a while (seconds for cold services: the first distributed step read 0.41 cores for nine processes
     * while gateway 0 alone read 0.50 from its own edges), so the CPU read covers less than the window and
     * dividing it by the window's length understated every figure.
     */
    double probedSeconds(double windowSeconds) {
        long start = cpuStartNanos;
        long end = cpuEndNanos;
        return start != 0 && end > start ? (end - start) / 1e9 : windowSeconds;
    }

    /** As {@link #fill(Result, double, long)}, the CPU read over {@code probedSeconds} of the window. */
    static void fill(Result r, double windowSeconds, long messagesInWindow, double probedSeconds,
                     Map<String, Double> used, Map<String, HopMetrics.Hop> hops) {
        boolean complete = !used.isEmpty() && used.values().stream().noneMatch(v -> Double.isNaN(v));
        double total = used.values().stream().mapToDouble(Double::doubleValue).sum();
        // CPU per second over the time it was read; per message: that rate over the window's messages
        double totalCores = total / probedSeconds;
        double perMessage = windowSeconds * 1000 / Math.max(1, messagesInWindow);
        r.put2("cpu_total_cores", complete ? totalCores : Double.NaN);
        if (complete) {
            correctOtherCpu(r, totalCores);
        }
        r.put2("cpu_ms_per_msg", complete && messagesInWindow > 0 ? totalCores * perMessage : Double.NaN);
        r.put("process_cpu_cores", mapText(used, v -> v / probedSeconds, 3));
        r.put("process_cpu_ms_per_msg", messagesInWindow > 0
                ? mapText(used, v -> v / probedSeconds * perMessage, 2) : "");
        r.put("hops", HopMetrics.text(hops));
    }

    private void fill(Result r, double windowSeconds, long messagesInWindow, double probedSeconds) {
        fill(r, windowSeconds, messagesInWindow, probedSeconds, cpuSecondsInWindow(), hopsInWindow());
    }

    /**
     * {@code other_cpu_cores} was the machine's busy CPU less the server's (the process the load generator
     * talks to) and its own; with every process of the system measured, the other processes of the machine
     * are the busy CPU less all of them (else a cluster's own services pass for "other processes").
     */
    static void correctOtherCpu(Result r, double totalCores) {
        double other = parse(r.get("other_cpu_cores"));
        double server = parse(r.get("server_cpu_cores"));
        if (!Double.isNaN(other) && !Double.isNaN(server)) {
            r.put2("other_cpu_cores", Math.max(0, other + server - totalCores));
        }
    }

    private static double parse(String value) {
        try {
            return value == null || value.isBlank() ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code {a=0.12; b=3.40}} ({@code decimals}; an unreadable process is left out), empty for none. */
    static String mapText(Map<String, Double> values, java.util.function.DoubleUnaryOperator f, int decimals) {
        StringBuilder text = new StringBuilder();
        values.forEach((name, v) -> {
            if (!Double.isNaN(v)) {
                text.append(text.isEmpty() ? "{" : "; ").append(name).append('=')
                        .append(String.format(Locale.ROOT, "%." + decimals + "f", f.applyAsDouble(v)));
            }
        });
        return text.isEmpty() ? "" : text.append('}').toString();
    }
}
