package io.xuanxuan.loadgen.report;

import io.xuanxuan.loadgen.CommandLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import picocli.CommandLine.Option;

/**
 * Writes {@code bench/REPORT.md} from the result files of one benchmark run. Run from the repository root:
 *
 * <pre>
 * java -Dloader.main=io.xuanxuan.loadgen.report.ReportMain -cp loadgen/target/xuanxuan-loadgen.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --run=ID [options]
 * </pre>
 *
 * (the load generator's jar is a Spring Boot executable jar: its classes are under BOOT-INF/, so plain
 * {@code -cp jar io.xuanxuan...} does not find them; {@code java -cp loadgen/target/classes ...} works too,
 * with picocli, commons-csv and mustache.java on the class path).
 */
public final class ReportMain {

    static final String USAGE = """
            usage: ReportMain --run=ID [options]
              --run=ID                    the run id of the rows to report (column "run" of the result files)
              --results=bench/results     where <scenario>.csv are
              --before-run=ID             an earlier run whose key figures are set next to this run's under
                                          "Before and after" (rows from the same result files; none: no section)
              --changes=TEXT              what changed between the before run and this one (shown in that section)
              --out=bench/REPORT.md       the report to write
              --mode=short|long           shown in the title block
              --command=TEXT              the command that produced the results (shown)
              --date=TEXT                 the date shown (default: now)
              --jfr=LABEL=PATH            a JFR recording to summarise under "Where the time goes" (repeatable)
              --notes=FILE                Markdown appended under "Notes" (repeatable)
              --loadavg-before=TEXT       /proc/loadavg before the run; --loadavg-after=TEXT after it
              --machine-info=LABEL=TEXT   a further line under "Machine" (repeatable)
              --version-info=LABEL=TEXT   a further line under "Versions" (repeatable)
              --project=TEXT              the "Project" line (default: git commit of the working tree now)
              --standalone-jar=standalone/target/xuanxuan-standalone.jar   library versions are read from it
              --loadgen-jar=loadgen/target/xuanxuan-loadgen.jar            and from it (load generator, baseline)
              --open-file-limit=N         default: the hard limit of this process (ulimit -Hn)
              --cores=N                   default: the processors this JVM sees (nproc)
            """;

    /** Artifacts whose versions the report lists, from the standalone server's jar. */
    static final List<String> SERVER_LIBRARIES = List.of("spring-boot", "reactor-core", "reactor-netty-http",
            "netty-codec-http", "h2", "r2dbc-h2", "r2dbc-pool", "spring-kafka", "kafka-clients", "jackson-databind",
            "spring-security-crypto", "micrometer-core");
    /** From the load generator's jar (the clients and the baseline server). */
    static final List<String> LOADGEN_LIBRARIES = List.of("reactor-netty-http", "netty-codec-http", "HdrHistogram");

    private static final Pattern JAR_NAME = Pattern.compile("^(.+?)-(\\d[^/]*)\\.jar$");

    private ReportMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e);
            System.exit(1);
        }
    }

    /** The command line (picocli); the help text is {@link #USAGE}. */
    static final class Arguments {
        @Option(names = {"--help", "-h"}, usageHelp = true)
        boolean help;
        @Option(names = "--run")
        String run;
        @Option(names = "--results")
        Path results = Path.of("bench/results");
        @Option(names = "--before-run")
        String beforeRun = "";
        @Option(names = "--changes")
        String changes = "";
        @Option(names = "--out")
        Path out = Path.of("bench/REPORT.md");
        @Option(names = "--mode")
        String mode = "";
        @Option(names = "--command")
        String command;
        @Option(names = "--date")
        String date;
        @Option(names = "--jfr", paramLabel = "LABEL=PATH")
        List<String> jfr = new ArrayList<>();
        @Option(names = "--notes", paramLabel = "FILE")
        List<Path> notes = new ArrayList<>();
        @Option(names = "--loadavg-before")
        String loadavgBefore;
        @Option(names = "--loadavg-after")
        String loadavgAfter;
        @Option(names = "--machine-info", paramLabel = "LABEL=TEXT")
        List<String> machineInfo = new ArrayList<>();
        @Option(names = "--version-info", paramLabel = "LABEL=TEXT")
        List<String> versionInfo = new ArrayList<>();
        @Option(names = "--project")
        String project;
        @Option(names = "--standalone-jar")
        Path standaloneJar = Path.of("standalone/target/xuanxuan-standalone.jar");
        @Option(names = "--loadgen-jar")
        Path loadgenJar = Path.of("loadgen/target/xuanxuan-loadgen.jar");
        @Option(names = "--open-file-limit")
        String openFileLimit;
        @Option(names = "--cores")
        Integer cores;
    }

    static int run(String[] args) throws IOException {
        Arguments options = CommandLines.parse(new Arguments(), args);
        String runId = options.run;
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("--run=ID is required");
        }
        Path results = options.results;
        Path out = options.out;

        ReportInput in = new ReportInput();
        in.runId = runId;
        in.mode = options.mode;
        in.resultsDir = results.toString();
        in.date = options.date != null ? options.date
                : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        in.command = options.command != null ? options.command : "ReportMain " + String.join(" ", args);
        in.cores = options.cores != null ? options.cores : Runtime.getRuntime().availableProcessors();
        in.openFileLimit = options.openFileLimit != null ? Long.parseLong(options.openFileLimit.trim())
                : openFileHardLimit();

        readRows(results, runId, in);
        String beforeRun = options.beforeRun;
        if (!beforeRun.isBlank()) {
            in.beforeRunId = beforeRun.strip();
            in.changes = options.changes;
            ReportInput before = new ReportInput();
            readRows(results, in.beforeRunId, before);
            in.beforeRows.putAll(before.rows);
        }
        machine(in, options.loadavgBefore, options.loadavgAfter);
        for (String info : options.machineInfo) {
            in.machine.add(fact(info));
        }
        versions(in, options.standaloneJar, options.loadgenJar, options.project);
        for (String info : options.versionInfo) {
            in.versions.add(fact(info));
        }
        for (String jfr : options.jfr) {
            ReportInput.Fact f = fact(jfr);
            in.profiles.add(profile(f.label(), Path.of(f.value())));
        }
        StringBuilder notes = new StringBuilder();
        for (Path file : options.notes) {
            notes.append(Files.readString(file, StandardCharsets.UTF_8).strip()).append("\n\n");
        }
        in.notes = notes.toString();

        String markdown = new Report(in).markdown();
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        int total = in.rows.values().stream().mapToInt(List::size).sum();
        System.out.println("report: " + out + " (" + total + " result rows of run " + runId + ", "
                + in.profiles.size() + " profiles)");
        if (total == 0) {
            System.err.println("warning: no result rows of run " + runId + " in " + results);
        }
        if (!in.beforeRunId.isEmpty()) {
            int before = in.beforeRows.values().stream().mapToInt(List::size).sum();
            System.out.println("before and after: " + before + " result rows of run " + in.beforeRunId);
            if (before == 0) {
                System.err.println("warning: no result rows of the before run " + in.beforeRunId + " in " + results
                        + " (the report says so)");
            }
        }
        return 0;
    }

    private static ReportInput.Fact fact(String labelAndValue) {
        int eq = labelAndValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected LABEL=VALUE, got '" + labelAndValue + "'");
        }
        return new ReportInput.Fact(labelAndValue.substring(0, eq), labelAndValue.substring(eq + 1));
    }

    /** The rows of the run from every {@code <scenario>.csv} of the results directory (known scenarios first). */
    static void readRows(Path results, String runId, ReportInput in) throws IOException {
        List<String> names = new ArrayList<>();
        Scenario.ALL.forEach(s -> names.add(s.name()));
        if (Files.isDirectory(results)) {
            try (Stream<Path> files = Files.list(results)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted()
                        .map(n -> n.substring(0, n.length() - 4))
                        .filter(n -> !names.contains(n))
                        .filter(n -> Scenario.ALL.stream().noneMatch(sc -> n.startsWith(sc.name() + "-until-")))
                        .forEach(names::add);
            }
        }
        for (String name : names) {
            List<Csv.Row> rows = new ArrayList<>();
            // a file the load generator moved aside (<scenario>-until-<time>.csv: its columns changed) may
            // hold earlier rows of the same run
            for (Path file : movedAside(results, name)) {
                rows.addAll(Csv.read(file));
            }
            rows.addAll(Csv.read(results.resolve(name + ".csv")));
            rows.removeIf(r -> !r.get("run").equals(runId));
            if (!rows.isEmpty() || Scenario.ALL.stream().anyMatch(s -> s.name().equals(name))) {
                in.rows.put(name, rows);
            }
        }
    }

    /** {@code <name>-until-*.csv} in the directory, oldest first (by name: the suffix is a time). */
    static List<Path> movedAside(Path results, String name) throws IOException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(name + "-until-") && n.endsWith(".csv");
            }).sorted().toList();
        }
    }

    static ReportInput.Profile profile(String label, Path file) {
        if (!Files.isRegularFile(file)) {
            return new ReportInput.Profile(label, file.toString(), null,
                    "not found (the server writes it when it stops; did the scenario run and stop cleanly?)");
        }
        try {
            return new ReportInput.Profile(label, file.toString(), JfrSummary.read(file), null);
        } catch (IOException | RuntimeException e) {
            return new ReportInput.Profile(label, file.toString(), null, "not readable: " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // machine and versions

    static void machine(ReportInput in, String loadBefore, String loadAfter) {
        String cpu = firstMatch(read("/proc/cpuinfo"), "(?m)^model name\\s*:\\s*(.+)$");
        in.machine.add(new ReportInput.Fact("CPU", cpu == null ? "unknown" : cpu.trim()));
        in.machine.add(new ReportInput.Fact("Cores", in.cores + " (nproc)"));
        String mem = firstMatch(read("/proc/meminfo"), "(?m)^MemTotal:\\s*(\\d+) kB");
        in.machine.add(new ReportInput.Fact("Memory", mem == null ? "unknown"
                : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(mem) / 1048576.0)));
        String os = firstMatch(read("/etc/os-release"), "(?m)^PRETTY_NAME=\"?([^\"\\n]+)\"?$");
        String kernel = read("/proc/sys/kernel/osrelease").trim();
        in.machine.add(new ReportInput.Fact("Kernel / OS", (kernel.isEmpty() ? System.getProperty("os.version") : kernel)
                + " " + System.getProperty("os.arch") + (os == null ? "" : " / " + os)));
        if (loadBefore != null || loadAfter != null) {
            in.machine.add(new ReportInput.Fact("Load average (1, 5, 15 min) before / after the run",
                    loadavg(loadBefore) + " / " + loadavg(loadAfter)));
        }
        if (in.openFileLimit > 0) {
            in.machine.add(new ReportInput.Fact("Open files per process (`ulimit -Hn`, hard)", Fmt.num(in.openFileLimit)
                    + ": every connection is a file descriptor in the server and one in the load generator, so one"
                    + " process holds fewer than " + Fmt.num(in.openFileLimit) + " sessions; larger session counts are"
                    + " extrapolated"));
        }
    }

    private static String loadavg(String text) {
        if (text == null || text.isBlank()) {
            return Fmt.NONE;
        }
        String[] f = text.trim().split("\\s+");
        return String.join(" ", List.of(f).subList(0, Math.min(3, f.length)));
    }

    static void versions(ReportInput in, Path standaloneJar, Path loadgenJar, String project) {
        in.versions.add(new ReportInput.Fact("Java", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("java.home") + ": runs the load generator and the servers it starts"));
        in.versions.add(new ReportInput.Fact("Project", project != null ? project : git()));
        in.versions.add(new ReportInput.Fact("Standalone server libraries (" + standaloneJar.getFileName() + ")",
                libraries(standaloneJar, SERVER_LIBRARIES)));
        in.versions.add(new ReportInput.Fact("Load generator and baseline (" + loadgenJar.getFileName() + ")",
                libraries(loadgenJar, LOADGEN_LIBRARIES)));
    }

    /** "spring-boot 4.0.7, h2 2.4.240, ..." from the names of the jars in a Spring Boot jar's BOOT-INF/lib. */
    static String libraries(Path jar, List<String> wanted) {
        if (!Files.isRegularFile(jar)) {
            return "jar not found";
        }
        Map<String, List<String>> found = new LinkedHashMap<>();
        wanted.forEach(w -> found.put(w, new ArrayList<>()));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/")).forEach(n -> {
                Matcher m = JAR_NAME.matcher(n.substring("BOOT-INF/lib/".length()));
                if (m.matches() && found.containsKey(m.group(1))) {
                    found.get(m.group(1)).add(m.group(2));
                }
            });
        } catch (IOException e) {
            return "not readable: " + e.getMessage();
        }
        List<String> parts = new ArrayList<>();
        found.forEach((artifact, versions) -> {
            if (!versions.isEmpty()) {
                parts.add(artifact + " " + String.join(" and ", versions.stream().sorted().toList()));
            }
        });
        return parts.isEmpty() ? "none of " + wanted : String.join(", ", parts);
    }

    /** The commit of the working tree, and whether tracked files differ from it. */
    static String git() {
        String commit = command("git", "rev-parse", "--short", "HEAD");
        if (commit == null || commit.isBlank()) {
            return "git commit unknown";
        }
        String status = command("git", "status", "--porcelain", "--untracked-files=no");
        String subject = command("git", "log", "-1", "--format=%cs %s");
        return "commit " + commit.trim() + (status == null ? "" : status.isBlank() ? " (clean)" : " + uncommitted changes (dirty)")
                + (subject == null ? "" : ": " + subject.trim());
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The hard limit on open files of this process (/proc/self/limits), 0 if unknown. */
    static long openFileHardLimit() {
        String limits = read("/proc/self/limits");
        String hard = firstMatch(limits, "(?m)^Max open files\\s+\\S+\\s+(\\S+)");
        try {
            return hard == null ? 0 : Long.parseLong(hard);
        } catch (NumberFormatException e) {
            return 0; // "unlimited"
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
