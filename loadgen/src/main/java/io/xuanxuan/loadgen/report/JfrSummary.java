package io.xuanxuan.loadgen.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM spent its time, from a Java Flight Recorder file (read with the JDK's
 * {@link RecordingFile}): execution samples by top frame (self), by {@code io.xuanxuan} method
 * (inclusive), by coarse area (database, network, JSON, bus, bcrypt, ...), by component and by thread
 * group; garbage collections; the allocation rate from the allocation samples; the CPU load.
 */
final class JfrSummary {

    /** A name and how many samples (or bytes) it had. */
    record Count(String name, long count) {
    }

    /** A coarse area of the code, recognised by the package of a stack frame. */
    record Area(String name, List<String> prefixes) {
    }

    /**
     * The areas, matched against each frame from the top of the stack: the first frame that belongs to an
     * area decides (longest prefix wins). Plain JDK frames (java.*, jdk.*, sun.*) match no area, so a
     * {@code HashMap.get} called by Jackson counts as JSON; a stack with JDK frames only is "JDK only".
     */
    static final List<Area> AREAS = List.of(
            new Area("bcrypt (password hashing)", List.of("org.springframework.security.crypto.bcrypt.")),
            new Area("database (H2/R2DBC/JDBC)", List.of("org.h2.", "io.r2dbc.", "org.springframework.r2dbc.",
                    "org.springframework.data.r2dbc.", "org.springframework.jdbc.", "org.flywaydb.", "org.mariadb.",
                    "io.asyncer.", "com.zaxxer.hikari.", "com.mysql.")),
            new Area("Kafka", List.of("org.apache.kafka.", "org.springframework.kafka.")),
            new Area("JSON (Jackson)", List.of("com.fasterxml.jackson.", "tools.jackson.")),
            new Area("network (Netty)", List.of("io.netty.", "reactor.netty.")),
            new Area("bus (io.xuanxuan.bus)", List.of("io.xuanxuan.bus.")),
            new Area("application (other io.xuanxuan)", List.of("io.xuanxuan.")),
            new Area("Reactor (operators, schedulers)", List.of("reactor.")),
            new Area("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
            new Area("metrics (Micrometer)", List.of("io.micrometer.")),
            new Area("Spring (other)", List.of("org.springframework.")),
            new Area("class loading / jar reading (zip)", List.of("java.util.zip.", "java.util.jar.",
                    "org.springframework.boot.loader.", "jdk.internal.loader.")),
            new Area("JFR itself", List.of("jdk.jfr.")));

    static final String JDK_ONLY = "JDK only (no library frame)";
    static final String XUANXUAN = "io.xuanxuan.";
    static final int TOP = 15;

    final Path file;
    long executionSamples;
    /** Start-up cut off: the recording's first event, the main thread's last sample, the samples before it. */
    Instant recordingStart;
    Instant startupEnd;
    long startupSamples;
    Instant first;
    Instant last;
    final Map<String, Long> self = new HashMap<>();
    final Map<String, Long> xuanxuanInclusive = new HashMap<>();
    final Map<String, Long> areas = new HashMap<>();
    final Map<String, Long> components = new HashMap<>();
    final Map<String, Long> threadGroups = new HashMap<>();
    long gcCount;
    Duration gcPauseTotal = Duration.ZERO;
    Duration gcPauseLongest = Duration.ZERO;
    final Map<String, Long> collectors = new HashMap<>();
    long allocationSamples;
    long allocationWeightBytes;
    final Map<String, Long> allocationByClass = new HashMap<>();
    long heapAfterGcMaxBytes = -1;
    double cpuJvmSum;
    double cpuMachineSum;
    long cpuSamples;

    private JfrSummary(Path file) {
        this.file = file;
    }

    /** Reads a recording file, without the application's start-up (see {@link #read(Path, boolean)}). */
    static JfrSummary read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads a recording file. With {@code skipStartup}, events up to the last execution sample of the thread
     * named {@code main} are left out: a Spring Boot application starts on that thread, which then has
     * nothing more to do, so this cuts the start-up (class loading, context refresh) off a recording that
     * began with the JVM ({@code -XX:StartFlightRecording}) and keeps the load.
     */
    static JfrSummary read(Path file, boolean skipStartup) throws IOException {
        JfrSummary s = new JfrSummary(file);
        if (skipStartup) {
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent e = recording.readEvent();
                    if (s.recordingStart == null || e.getStartTime().isBefore(s.recordingStart)) {
                        s.recordingStart = e.getStartTime();
                    }
                    if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
                        RecordedThread thread = e.getThread("sampledThread");
                        if (thread != null && "main".equals(thread.getJavaName())
                                && (s.startupEnd == null || e.getStartTime().isAfter(s.startupEnd))) {
                            s.startupEnd = e.getStartTime();
                        }
                    }
                }
            }
        }
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (s.startupEnd != null && !e.getStartTime().isAfter(s.startupEnd)) {
                    if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
                        s.startupSamples++;
                    }
                    continue;
                }
                s.add(e);
            }
        }
        return s;
    }

    private void add(RecordedEvent e) {
        Instant start = e.getStartTime();
        Instant end = e.getEndTime();
        if (first == null || start.isBefore(first)) {
            first = start;
        }
        if (last == null || end.isAfter(last)) {
            last = end;
        }
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> addSample(e);
            case "jdk.GarbageCollection" -> {
                gcCount++;
                Duration sum = e.getDuration("sumOfPauses");
                Duration longest = e.getDuration("longestPause");
                gcPauseTotal = gcPauseTotal.plus(sum);
                if (longest.compareTo(gcPauseLongest) > 0) {
                    gcPauseLongest = longest;
                }
                collectors.merge(String.valueOf(e.getString("name")), 1L, Long::sum);
            }
            case "jdk.ObjectAllocationSample" -> {
                allocationSamples++;
                long weight = e.getLong("weight");
                allocationWeightBytes += weight;
                var type = e.getClass("objectClass");
                allocationByClass.merge(type == null ? "?" : type.getName(), weight, Long::sum);
            }
            case "jdk.GCHeapSummary" -> {
                if ("After GC".equals(e.getString("when"))) {
                    heapAfterGcMaxBytes = Math.max(heapAfterGcMaxBytes, e.getLong("heapUsed"));
                }
            }
            case "jdk.CPULoad" -> {
                cpuJvmSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                cpuMachineSum += e.getFloat("machineTotal");
                cpuSamples++;
            }
            default -> {
            }
        }
    }

    private void addSample(RecordedEvent e) {
        executionSamples++;
        RecordedThread thread = e.getThread("sampledThread");
        threadGroups.merge(threadGroup(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
        RecordedStackTrace stack = e.getStackTrace();
        List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
        List<String> methods = new ArrayList<>(frames.size());
        for (RecordedFrame frame : frames) {
            // skip the generated classes of lambdas (Foo$$Lambda$123+0x....run): the lambda's body is the next frame
            if (frame.isJavaFrame() && frame.getMethod() != null
                    && !frame.getMethod().getType().getName().contains("$$Lambda")) {
                methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        self.merge(methods.isEmpty() ? "(no stack)" : methods.get(0), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        String component = "(no io.xuanxuan frame)";
        boolean componentFound = false;
        for (String method : methods) {
            if (method.startsWith(XUANXUAN)) {
                if (seen.add(method)) {
                    xuanxuanInclusive.merge(method, 1L, Long::sum);
                }
                if (!componentFound) {
                    component = component(method);
                    componentFound = true;
                }
            }
        }
        components.merge(component, 1L, Long::sum);
        areas.merge(area(methods), 1L, Long::sum);
    }

    /** The area of a stack (top frame first): the first frame that belongs to an area. */
    static String area(List<String> methods) {
        for (String method : methods) {
            Area best = null;
            int bestLength = -1;
            for (Area area : AREAS) {
                for (String prefix : area.prefixes()) {
                    if (method.startsWith(prefix) && prefix.length() > bestLength) {
                        best = area;
                        bestLength = prefix.length();
                    }
                }
            }
            if (best != null) {
                return best.name();
            }
        }
        return JDK_ONLY;
    }

    /** {@code io.xuanxuan.chat.x.Y.m} → {@code io.xuanxuan.chat}. */
    static String component(String method) {
        int dot = method.indexOf('.', XUANXUAN.length());
        return dot < 0 ? method : method.substring(0, dot);
    }

    /** A thread name without its trailing number: {@code reactor-http-nio-3} → {@code reactor-http-nio-*}. */
    static String threadGroup(String name) {
        if (name == null || name.isEmpty()) {
            return "(unnamed)";
        }
        String stripped = name.replaceAll("[-_#. ]?\\d+$", "");
        return stripped.equals(name) ? name : stripped + "-*";
    }

    double durationSeconds() {
        return first == null ? Double.NaN : Duration.between(first, last).toNanos() / 1e9;
    }

    static List<Count> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(en -> new Count(en.getKey(), en.getValue()))
                .toList();
    }

    List<Count> topSelf() {
        return top(self, TOP);
    }

    List<Count> topXuanxuanInclusive() {
        return top(xuanxuanInclusive, TOP);
    }

    List<Count> areaShares() {
        return top(areas, Integer.MAX_VALUE);
    }

    /** Allocation rate in MB/s estimated from the allocation samples' weights, NaN without samples. */
    double allocationMbPerSecond() {
        double seconds = durationSeconds();
        if (allocationSamples == 0 || !(seconds > 0)) {
            return Double.NaN;
        }
        return allocationWeightBytes / 1e6 / seconds;
    }

    private String pct(long count) {
        return executionSamples == 0 ? Fmt.NONE : Fmt.fixed(100.0 * count / executionSamples, 1) + " %";
    }

    /** A counted name for the template's tables and lists; {@code first} tells a list where not to put a comma. */
    record Share(String name, String count, String share, boolean first) {
    }

    /** One line of the components-and-threads table: either side may be null when its list is shorter. */
    record ComponentAndThread(Share component, Share thread) {
    }

    record Cpu(String jvm, String machine, String samples) {
    }

    record Startup(String samples, String seconds) {
    }

    record Gc(String count, List<Share> collectors, String pauseMs, String longestMs, String pausedPercent) {
    }

    record Allocation(String mbPerSecond, String samples, List<Share> classes) {
    }

    private List<Share> shares(List<Count> counts) {
        List<Share> shares = new ArrayList<>();
        for (Count c : counts) {
            shares.add(new Share(c.name(), String.valueOf(c.count()), pct(c.count()), shares.isEmpty()));
        }
        return shares;
    }

    /** The summary as Markdown (template {@code report/profile.md.mustache}), under a heading of the given level and label. */
    String markdown(String label, String heading) {
        Map<String, Object> model = new HashMap<>();
        model.put("heading", heading);
        model.put("label", label);
        model.put("file", String.valueOf(file));
        model.put("executionSamples", Fmt.num(executionSamples));
        double seconds = durationSeconds();
        model.put("seconds", Fmt.num(seconds));
        if (cpuSamples > 0) {
            model.put("cpu", new Cpu(Fmt.fixed(100 * cpuJvmSum / cpuSamples, 0), Fmt.fixed(100 * cpuMachineSum / cpuSamples, 0),
                    String.valueOf(cpuSamples)));
        }
        if (startupEnd != null) {
            model.put("startup", new Startup(Fmt.num(startupSamples),
                    Fmt.num(Duration.between(recordingStart, startupEnd).toNanos() / 1e9)));
        }
        model.put("sampled", executionSamples > 0);
        model.put("areas", shares(areaShares()).stream()
                .map(a -> new Share(Fmt.cell(a.name()), a.count(), a.share(), a.first())).toList());
        List<Share> comps = shares(top(components, 10));
        List<Share> threads = shares(top(threadGroups, 10));
        List<ComponentAndThread> lines = new ArrayList<>();
        for (int i = 0; i < Math.max(comps.size(), threads.size()); i++) {
            lines.add(new ComponentAndThread(i < comps.size() ? comps.get(i) : null, i < threads.size() ? threads.get(i) : null));
        }
        model.put("componentsAndThreads", lines);
        model.put("top", String.valueOf(TOP));
        model.put("self", shares(topSelf()));
        model.put("inclusive", shares(topXuanxuanInclusive()));
        if (gcCount > 0) {
            model.put("gc", new Gc(String.valueOf(gcCount), shares(top(collectors, 5)), Fmt.num(gcPauseTotal.toNanos() / 1e6),
                    Fmt.num(gcPauseLongest.toNanos() / 1e6),
                    seconds > 0 ? Fmt.fixed(100 * gcPauseTotal.toNanos() / 1e9 / seconds, 1) : null));
        }
        model.put("heapMb", heapAfterGcMaxBytes >= 0 ? Fmt.num(heapAfterGcMaxBytes / 1048576.0) : null);
        double alloc = allocationMbPerSecond();
        if (!Double.isNaN(alloc)) {
            List<Share> classes = new ArrayList<>();
            for (Count c : top(allocationByClass, 5)) {
                classes.add(new Share(c.name(), Fmt.num(c.count() / 1e6), null, classes.isEmpty()));
            }
            model.put("allocation", new Allocation(Fmt.num(alloc), String.valueOf(allocationSamples), classes));
        }
        return Templates.render(Templates.PROFILE, model);
    }

    /** Area names in the order of {@link #AREAS} plus the JDK-only bucket (for tests and docs). */
    static Set<String> areaNames() {
        Set<String> names = new LinkedHashSet<>();
        AREAS.forEach(a -> names.add(a.name()));
        names.add(JDK_ONLY);
        return names;
    }
}
