package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

class NavigationTest {

    private static final List<Screen> ALL = List.of(
            Screen.placeholder("accounts", "Accounts", "later"),
            Screen.placeholder("queue", "Payment queue", "later", Role.CLERK, Role.OPERATOR),
            Screen.placeholder("refunds", "Refunds", "later", Role.CLERK, Role.APPROVER),
            Screen.placeholder("payday", "Payday console", "later", Role.OPERATOR),
            Screen.placeholder("staff", "Staff", "later", Role.ADMIN));

    private static Caller caller(Role... roles) {
        return new Caller(1, "someone", roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    private static List<String> keys(Navigation navigation) {
        return navigation.screens().stream().map(Screen::key).toList();
    }

    @Test
    void showsTheScreensAnyOfTheCallersRolesAllowInOrder() {
        assertThat(keys(new Navigation(ALL, caller(Role.CLERK)))).containsExactly("accounts", "queue", "refunds");
        assertThat(keys(new Navigation(ALL, caller(Role.APPROVER)))).containsExactly("accounts", "refunds");
        assertThat(keys(new Navigation(ALL, caller(Role.OPERATOR)))).containsExactly("accounts", "queue", "payday");
        assertThat(keys(new Navigation(ALL, caller(Role.ADMIN)))).containsExactly("accounts", "staff");
        assertThat(keys(new Navigation(ALL, caller()))).containsExactly("accounts");
    }

    @Test
    void opensTheFirstScreenAndSelectsByKeyOrNumberOnlyAmongVisibleOnes() {
        Navigation navigation = new Navigation(ALL, caller(Role.APPROVER));
        assertThat(navigation.selectedProperty().get().key()).isEqualTo("accounts");

        assertThat(navigation.select("staff")).isFalse();
        assertThat(navigation.selectedProperty().get().key()).isEqualTo("accounts");

        assertThat(navigation.selectNumber(2)).isTrue();
        assertThat(navigation.selectedProperty().get().key()).isEqualTo("refunds");
        assertThat(navigation.selectNumber(3)).isFalse();
        assertThat(navigation.selectNumber(0)).isFalse();
        assertThat(navigation.select("accounts")).isTrue();
        assertThat(navigation.selectedProperty().get().key()).isEqualTo("accounts");
    }

    @Test
    void screensAreNotBuiltUntilOpened() {
        int[] built = {0};
        Screen counted = Screen.of("x", "X", () -> {
            built[0]++;
            return null;
        });

        new Navigation(List.of(counted), caller(Role.CLERK));

        assertThat(built[0]).isZero();
    }
}
