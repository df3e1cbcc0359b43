package org.paydesk.participants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

@ExtendWith(DatabaseExtension.class)
class ExportServiceTest {

    private static final String FILE = """
            {"participants": [
              {"username": "alice", "review": "WHITELISTED", "balance": "12.50", "card": "card_ok", "bank": "bank_ok"},
              {"username": "bob", "review": "SUSPICIOUS"},
              {"username": "carol", "balance": "0.01"}
            ]}""";

    @BeforeAll
    static void data(Paydesk paydesk) {
        Fixtures.importJson(paydesk, FILE);
    }

    private static String export(Paydesk paydesk, ExportService.Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = paydesk.exporter().exportAccounts(format, out);
        long participants = paydesk.database().read(c -> Fixtures.count(c, "select count(*) from participant"));
        assertThat(rows).isEqualTo(participants);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasOneObjectPerParticipantWithAmountsAsTwoDecimalStrings(Paydesk paydesk) throws Exception {
        JsonNode array = new ObjectMapper().readTree(export(paydesk, ExportService.Format.JSON));
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        JsonNode alice = array.get(0);
        List<String> fields = new ArrayList<>();
        alice.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("username", "review", "balance", "owed", "pending",
                "last_charge_result", "last_payout_result");
        assertThat(alice.get("username").asText()).isEqualTo("alice");
        assertThat(alice.get("review").asText()).isEqualTo("WHITELISTED");
        assertThat(alice.get("balance").isTextual()).isTrue();
        assertThat(alice.get("balance").asText()).isEqualTo("12.50");
        assertThat(alice.get("owed").asText()).isEqualTo("0.00");
        assertThat(alice.get("pending").asText()).isEqualTo("0.00");
        assertThat(alice.get("last_charge_result").isNull()).isTrue();
        assertThat(array.get(2).get("balance").asText()).isEqualTo("0.01");
    }

    @Test
    void exportedAccountsImportIntoAnotherDatabaseWithTheSameBalances(Paydesk paydesk) throws Exception {
        JsonNode exported = new ObjectMapper().readTree(export(paydesk, ExportService.Format.JSON));
        StringBuilder file = new StringBuilder("{\"participants\": [");
        for (int i = 0; i < exported.size(); i++) {
            JsonNode row = exported.get(i);
            file.append(i == 0 ? "" : ",").append("{\"username\": \"").append(row.get("username").asText())
                    .append("\", \"review\": \"").append(row.get("review").asText())
                    .append("\", \"balance\": \"").append(row.get("balance").asText()).append("\"}");
        }
        try (Paydesk other = Paydesk.wrap(TestDatabases.fresh())) {
            Fixtures.importJson(other, file.append("]}").toString());
            JsonNode again = new ObjectMapper().readTree(export(other, ExportService.Format.JSON));
            assertThat(again).isEqualTo(exported);
        }
    }

    @Test
    void csvHasTheSameColumns(Paydesk paydesk) throws Exception {
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(export(paydesk, ExportService.Format.CSV))).getRecords();
        assertThat(records).extracting(r -> r.get("username")).containsExactly("alice", "bob", "carol");
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("username", "review", "balance", "owed",
                "pending", "last_charge_result", "last_payout_result");
        CSVRecord alice = records.stream().filter(r -> r.get("username").equals("alice")).findFirst().orElseThrow();
        assertThat(alice.get("balance")).isEqualTo("12.50");
        assertThat(alice.get("review")).isEqualTo("WHITELISTED");
    }
}
