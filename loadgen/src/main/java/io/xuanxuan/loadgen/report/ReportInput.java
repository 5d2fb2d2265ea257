package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a report is made of; {@link ReportMain} fills it from the files and the machine, tests by hand. */
final class ReportInput {

    /** A labelled line of the Machine or Versions section. */
    record Fact(String label, String value) {
    }

    /** A profile to summarise: its label, and the summary or why there is none. */
    record Profile(String label, String path, JfrSummary summary, String error) {
    }

    String runId = "";
    String mode = "";
    String date = "";
    String command = "";
    String resultsDir = "bench/results";
    /** The machine's cores (nproc); 0 if unknown. */
    int cores;
    /** The hard limit on open files per process ({@code ulimit -Hn}); 0 if unknown. */
    long openFileLimit;
    final List<Fact> machine = new ArrayList<>();
    final List<Fact> versions = new ArrayList<>();
    /** Scenario name (file name without .csv) → the rows of this run, in file order. */
    final Map<String, List<Csv.Row>> rows = new LinkedHashMap<>();
    final List<Profile> profiles = new ArrayList<>();
    String notes = "";
    /** The run this one is set next to under "Before and after"; empty: no such section. */
    String beforeRunId = "";
    /** Scenario name → the rows of the before run (empty lists if it left none). */
    final Map<String, List<Csv.Row>> beforeRows = new LinkedHashMap<>();
    /** What changed between the before run and this one (Markdown, one or a few sentences). */
    String changes = "";
}
