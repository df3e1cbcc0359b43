package org.paydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.staff.AuditDiff.Line;

class AuditDiffTest {

    @Test
    void aChangedKeyIsMarkedAndAnUnchangedOneIsNot() {
        List<Line> lines = AuditDiff.of("{\"username\": \"cleo\", \"roles\": [\"CLERK\"], \"disabled\": false}",
                "{\"username\": \"cleo\", \"roles\": [\"APPROVER\", \"CLERK\"], \"disabled\": false}");
        assertThat(lines).containsExactly(
                new Line("username", "cleo", "cleo", false),
                new Line("roles", "CLERK", "APPROVER, CLERK", true),
                new Line("disabled", "false", "false", false));
    }

    @Test
    void keysOnOneSideOnlyAreShownWithTheOtherSideAbsent() {
        List<Line> lines = AuditDiff.of("{\"status\": \"FAILED\", \"error\": \"declined\"}", "{\"status\": \"QUEUED\", \"note\": null}");
        assertThat(lines).containsExactly(
                new Line("status", "FAILED", "QUEUED", true),
                new Line("error", "declined", null, true),
                new Line("note", null, "(none)", true));
    }

    @Test
    void aCreationHasOnlyAfterValuesAndNestedObjectsBecomeDottedKeys() {
        List<Line> lines = AuditDiff.of(null, "{\"id\": 7, \"stats\": {\"charges\": 3, \"phases\": {\"pay_in\": 1.5}}, \"tags\": []}");
        assertThat(lines).containsExactly(
                new Line("id", null, "7", true),
                new Line("stats.charges", null, "3", true),
                new Line("stats.phases.pay_in", null, "1.5", true),
                new Line("tags", null, "(empty)", true));
    }

    @Test
    void plainValuesAndNothingAtAll() {
        assertThat(AuditDiff.of(null, null)).isEmpty();
        assertThat(AuditDiff.of("\"USD\"", "\"EUR\"")).containsExactly(new Line(AuditDiff.VALUE, "USD", "EUR", true));
        assertThat(AuditDiff.of("[1, {\"a\": 2}]", null)).containsExactly(new Line(AuditDiff.VALUE, "[1,{\"a\":2}]", null, true));
    }

    @Test
    void theSummaryListsOnlyTheChanges() {
        assertThat(AuditDiff.summary("{\"value\": \"0.30\"}", "{\"value\": \"0.35\"}")).isEqualTo("value: 0.30 → 0.35");
        assertThat(AuditDiff.summary("{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"b\": 3, \"c\": 4}")).isEqualTo("b: 2 → 3; c: 4");
        assertThat(AuditDiff.summary("{\"a\": 1}", "{}")).isEqualTo("a: 1 → (removed)");
        assertThat(AuditDiff.summary("{\"a\": 1}", "{\"a\": 1}")).isEmpty();
    }

    @Test
    void csvCellsAreQuotedWhenNeededAndFormulasDefused() {
        assertThat(AuditCsv.cell(null)).isEmpty();
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("{\"value\": \"x\"}")).isEqualTo("\"{\"\"value\"\": \"\"x\"\"}\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.cell("-2.50")).isEqualTo("-2.50");
        assertThat(AuditCsv.cell("-cmd")).isEqualTo("'-cmd");
    }
}
