package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The audit listing's pure parts: the readable change and the --since forms. */
class AuditCommandTest {

    @Test
    void aChangeShowsOnlyTheFieldsThatDiffer() throws Exception {
        assertThat(AuditCommand.ListAudit.change("{\"roles\": [\"CLERK\"], \"disabled\": false}",
                "{\"roles\": [\"CLERK\", \"ADMIN\"], \"disabled\": false}")).isEqualTo("roles: [\"CLERK\"] -> [\"CLERK\",\"ADMIN\"]");
        assertThat(AuditCommand.ListAudit.change(null, "{\"username\": \"ann\", \"roles\": \"[ADMIN]\"}"))
                .isEqualTo("username: ann; roles: [ADMIN]");
        assertThat(AuditCommand.ListAudit.change("{\"value\": \"1\"}", "{\"value\": null}")).isEqualTo("value: 1 -> (none)");
        assertThat(AuditCommand.ListAudit.change(null, null)).isEmpty();
    }

    @Test
    void sinceTakesADayOrAMomentInUtc() {
        AuditCommand.SinceConverter since = new AuditCommand.SinceConverter();
        assertThat(since.convert("2026-11-20")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(since.convert("2026-11-20T14:30")).isEqualTo(Instant.parse("2026-11-20T14:30:00Z"));
        assertThat(since.convert("2026-11-20T14:30:00+01:00")).isEqualTo(Instant.parse("2026-11-20T13:30:00Z"));
        assertThatThrownBy(() -> since.convert("last week")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
