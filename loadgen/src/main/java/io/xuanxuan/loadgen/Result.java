package io.xuanxuan.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One scenario run's numbers: printed as a block and appended as a CSV row to
 * {@code <results>/<scenario>.csv}. The first columns are the same for every scenario:
 * {@code date,run,scenario,target_kind,target,params,cores,note}; a value that could not be measured is an
 * empty string. A scenario must put the same columns in the same order on every run (the header is checked).
 */
final class Result {

    private final Map<String, String> fields = new LinkedHashMap<>();

    Result(String scenario, String run, String targetKind, String target, String params, String note) {
        fields.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        fields.put("run", run);
        fields.put("scenario", scenario);
        fields.put("target_kind", targetKind);
        fields.put("target", target);
        fields.put("params", params);
        fields.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        fields.put("note", note);
    }

    void put(String name, Object value) {
        fields.put(name, value == null ? "" : String.valueOf(value));
    }

    /** A measurement, or an empty string when it is NaN/infinite (not measured), with 1 decimal. */
    void put1(String name, double value) {
        fields.put(name, Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.1f", value));
    }

    /** As {@link #put1} with 2 decimals. */
    void put2(String name, double value) {
        fields.put(name, Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.2f", value));
    }

    List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /** Prints every field from {@code firstName} on as "name value" lines (the new scenarios' result block). */
    void printFrom(PrintStream out, String firstName) {
        out.println("--- result: " + get("scenario") + " (" + get("params") + ") target " + get("target_kind")
                + " " + get("target"));
        boolean on = false;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            on |= field.getKey().equals(firstName);
            if (on) {
                out.printf(Locale.ROOT, "  %-28s %s%n", field.getKey(), field.getValue().isEmpty() ? "-" : field.getValue());
            }
        }
    }

    String get(String name) {
        return fields.getOrDefault(name, "");
    }

    void print(PrintStream out, MessageLoad load, List<BenchClient> clients, List<String> serverWarnings) {
        out.println("--- result: " + get("scenario") + " step " + get("step") + " (" + get("params") + ")");
        out.printf(Locale.ROOT, "  messages     sent %s, accepted %s, failed %s, unanswered %s, skipped %s"
                        + " (back-pressure %d, outbound full %d, closed %d)%n",
                get("sent"), get("accepted"), get("failed"), get("unanswered"), get("skipped"),
                load.skippedBackpressure.sum(), load.skippedOutboundFull.sum(), load.skippedClosed.sum());
        out.printf(Locale.ROOT, "  deliveries   expected %s, delivered %s, MISSING %s (not received by the end of the drain),"
                        + " duplicates %s%n",
                get("expected_deliveries"), get("delivered"), get("missing"), get("duplicates"));
        out.printf(Locale.ROOT, "  throughput   in the measured window: %s msg/s sent, %s msg/s answered success, "
                + "%s deliveries/s%n", get("offered_per_s"), get("msgs_per_s"), get("deliveries_per_s"));
        out.printf(Locale.ROOT, "  latency ms   send->push  p50 %s  p99 %s  p99.9 %s  max %s  (n=%d)%n",
                get("p50_ms"), get("p99_ms"), get("p999_ms"), get("max_ms"), load.latency.getTotalCount());
        out.printf(Locale.ROOT, "               send->response p50 %s  p99 %s%n", get("ack_p50_ms"), get("ack_p99_ms"));
        out.printf(Locale.ROOT, "  server       heap used end %s MB, peak of 1 s samples %s MB (max %s MB); CPU %s cores avg "
                        + "(process.cpu.usage sampled: %s of all cores)%n",
                get("server_heap_end_mb"), get("server_heap_peak_mb"), get("server_heap_max_mb"),
                get("server_cpu_cores"), get("server_cpu_usage_avg"));
        if (!get("process_cpu_cores").isEmpty()) {
            out.printf(Locale.ROOT, "  system CPU   all measured processes %s cores, %s CPU-ms per message answered success%n",
                    get("cpu_total_cores"), get("cpu_ms_per_msg"));
            out.println("               per process, cores: " + get("process_cpu_cores"));
            out.println("               per process, CPU-ms per message: " + get("process_cpu_ms_per_msg"));
        }
        if (!get("hops").isEmpty()) {
            out.println("  hops         mean/p99 ms/count in the window: " + get("hops"));
        }
        out.printf(Locale.ROOT, "  loadgen      CPU %s cores avg; other processes %s cores; machine has %s cores, "
                + "load average %s%n", get("loadgen_cpu_cores"), get("other_cpu_cores"), get("cores"), get("loadavg_1m"));
        out.println("  sent/s       per second from start: " + load.sentSeries());
        out.println("  answered/s   per second from start: " + load.acceptedSeries());
        out.println("  delivered/s  per second from start: " + load.deliveredSeries());
        out.printf(Locale.ROOT, "  drain        %.1f s after the window%n", load.drainSeconds);
        if (load.unknownGid.sum() + load.unexpectedReceiver.sum() + load.deliveredWithoutAcceptance > 0) {
            out.printf(Locale.ROOT, "  odd          pushes of unknown gids %d, to non-members %d, delivered without "
                            + "success response %d%n", load.unknownGid.sum(), load.unexpectedReceiver.sum(),
                    load.deliveredWithoutAcceptance);
        }
        load.missingExamples.forEach(m -> out.println("  missing      " + m));
        load.failures.forEach(f -> out.println("  failure      " + f));
        if (!get("bus_backlog_at_window_end").isEmpty()) {
            out.println("  bus backlog  at window end (published - consumed, topic/group): " + get("bus_backlog_at_window_end"));
        }
        if (!get("bus_backlog_after_drain").isEmpty()) {
            out.println("  bus backlog  after the drain: " + get("bus_backlog_after_drain"));
            if (!"0".equals(get("missing"))) {
                out.println("  NOTE         the server was still working through a backlog when the drain ended: missing"
                        + " deliveries may be late rather than lost (raise --drain to tell)");
            }
        }
        if (!get("dead_letters").isEmpty()) {
            out.println("  DEAD LETTERS " + get("dead_letters"));
        }
        if (!get("server_closes").isEmpty()) {
            out.println("  server closes " + get("server_closes"));
        }
        for (BenchClient c : clients) {
            if (c.closedUnexpectedly()) {
                out.printf(Locale.ROOT, "  closed       %s: status %d %s%s%n", c.account(), c.closeStatus(),
                        c.closeReason() == null ? "" : c.closeReason(), c.kickedOff() ? " (kicked off)" : "");
            }
        }
        long refused = clients.stream().mapToLong(BenchClient::sendRefused).sum();
        long unparseable = clients.stream().mapToLong(BenchClient::unparseable).sum();
        if (refused + unparseable > 0) {
            out.printf(Locale.ROOT, "  client       sends refused %d, unparseable frames %d%n", refused, unparseable);
        }
        if (!serverWarnings.isEmpty()) {
            out.println("  server log WARN/ERROR:");
            serverWarnings.forEach(w -> out.println("    " + w));
        }
    }

    /** The results files' CSV: RFC 4180 quoting where a value needs it, one line per row. */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    Path appendCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        String scenario = get("scenario");
        Path csv = dir.resolve(scenario + ".csv");
        String header = CSV.format(fields.keySet().toArray());
        if (Files.exists(csv)) {
            String existing;
            try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
                existing = lines.findFirst().orElse("");
            }
            if (!existing.equals(header)) {
                // the columns changed (a newer load generator): keep the old file aside, start a new one
                Path aside = dir.resolve(scenario + "-until-" + OffsetDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv");
                Files.move(csv, aside);
                System.out.println(csv.getFileName() + " had other columns; moved to " + aside);
            }
        }
        boolean fresh = !Files.exists(csv);
        try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), CSV)) {
            if (fresh) {
                printer.printRecord(fields.keySet());
            }
            printer.printRecord(fields.values());
        }
        return csv;
    }
}
