package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report rendered from its templates is, byte for byte, what the string-building report wrote: the
 * expected files were written by that version from the same fixture rows (issue 14 changed how the report is
 * made, not what it says).
 */
class ReportTemplateTest {

    @Test
    void aRunWithABeforeRunNotesAndMachineFactsRendersAsBefore() throws Exception {
        ReportInput in = input("r1");
        in.beforeRunId = "r0";
        in.beforeRows.putAll(ReportTest.input("r0").rows);
        in.changes = "changed <stuff> & more";
        assertThat(new Report(in).markdown()).isEqualTo(expected("expected-r1.md"));
    }

    @Test
    void aRunWithoutRowsAndWithAnUnreadableProfileRendersAsBefore() throws Exception {
        ReportInput in = input("new");
        in.profiles.add(new ReportInput.Profile("server", "/x.jfr", null, "unreadable"));
        assertThat(new Report(in).markdown()).isEqualTo(expected("expected-new.md"));
    }

    private static ReportInput input(String run) throws Exception {
        ReportInput in = ReportTest.input(run);
        in.date = "D";
        in.command = "C";
        in.mode = "short";
        in.resultsDir = "res";
        in.machine.add(new ReportInput.Fact("cpu", "x | y"));
        in.notes = "some *notes*";
        return in;
    }

    private static String expected(String name) throws Exception {
        return Files.readString(ReportTest.fixtures().resolve(name), StandardCharsets.UTF_8);
    }
}
