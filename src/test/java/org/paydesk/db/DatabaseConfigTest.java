package org.paydesk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A password given inside --db-url (or beside it) never shows in a message. */
class DatabaseConfigTest {

    private static final Path DATA = Path.of("data");

    @Test
    void describeAndToStringHideThePassword() {
        DatabaseConfig config = new DatabaseConfig(DATA, "jdbc:postgresql://db.example:5432/paydesk?user=clerk&password=Tr0ub4dor&ssl=true",
                "clerk", "Sep4rate");

        assertThat(config.describe()).isEqualTo("jdbc:postgresql://db.example:5432/paydesk?user=clerk&password=***&ssl=true");
        assertThat(config.toString()).doesNotContain("Tr0ub4dor").doesNotContain("Sep4rate").contains("db.example");
    }

    @Test
    void aPasswordBeforeTheHostIsHiddenToo() {
        DatabaseConfig config = new DatabaseConfig(DATA, "jdbc:postgresql://clerk:Tr0ub4dor@db.example/paydesk?sslpassword=K3y", null, null);

        assertThat(config.describe()).isEqualTo("jdbc:postgresql://clerk:***@db.example/paydesk?sslpassword=***");
    }

    @Test
    void aWrongUrlIsRefusedWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> new DatabaseConfig(DATA, "jdbc:mysql://db.example/paydesk?password=Tr0ub4dor", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with jdbc:postgresql:")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("Tr0ub4dor");
    }

    @Test
    void aServerThatCannotBeReachedIsReportedWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + closedPort + "/paydesk?password=Tr0ub4dor&connectTimeout=2";
        DatabaseConfig config = new DatabaseConfig(DATA, url, "clerk", "Sep4rate");

        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("localhost:" + closedPort)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("Tr0ub4dor").doesNotContain("Sep4rate");
                    }
                });
    }

    @Test
    void secretsAreHiddenInAnyText() {
        Secrets secrets = Secrets.of("jdbc:postgresql://h/db?password=p%40ss", "Sep4rate");

        assertThat(secrets.hide("failed for p@ss, p%40ss and Sep4rate")).isEqualTo("failed for ***, *** and ***");
        RuntimeException chain = new RuntimeException("outer Sep4rate", new IllegalStateException("inner p@ss"));
        Throwable hidden = secrets.hideIn(chain);
        assertThat(hidden.getMessage()).doesNotContain("Sep4rate");
        assertThat(hidden.getCause().getMessage()).doesNotContain("p@ss").contains("inner ***");
        RuntimeException clean = new RuntimeException("nothing secret");
        assertThat(secrets.hideIn(clean)).isSameAs(clean);
    }
}
