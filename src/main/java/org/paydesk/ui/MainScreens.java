package org.paydesk.ui;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.accounts.AccountPages;
import org.paydesk.ui.accounts.AccountDetailViewModel;
import org.paydesk.ui.accounts.AccountsScreen;
import org.paydesk.ui.accounts.AccountsViewModel;
import org.paydesk.ui.admin.AuditView;
import org.paydesk.ui.admin.SettingsView;
import org.paydesk.ui.admin.StaffView;
import org.paydesk.ui.demo.DemoDataViewModel;
import org.paydesk.ui.queue.QueueView;
import org.paydesk.ui.refunds.ApprovalsView;
import org.paydesk.ui.refunds.RefundText;
import org.paydesk.ui.refunds.RefundsView;
import org.paydesk.ui.shell.AccountActions;
import org.paydesk.ui.shell.DeskStatus;
import org.paydesk.ui.shell.MainViewModel;
import org.paydesk.ui.shell.Navigation;
import org.paydesk.ui.shell.Screen;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The GUI's composition root: the screens of the main window, in navigation order, each built from
 * the services it uses. The one place (with {@link DesktopApp}) that sees {@link Paydesk}; the
 * ViewModels receive single services. A new screen is one more {@link Screen} in {@link #screens}.
 */
public final class MainScreens {

    private MainScreens() {
    }

    /** Builds the main window's ViewModel for {@code caller}; {@code signOut} runs when they sign out. */
    public static MainViewModel mainViewModel(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                              Runnable signOut) {
        DemoDataViewModel demo = new DemoDataViewModel(paydesk.participants()::isEmpty, paydesk.demo()::generate, executor,
                () -> { });
        DeskStatus.Source status = () -> new DeskStatus(paydesk.participants().approximateCount(),
                paydesk.processor().currentHolder());
        AccountActions forms = new FormActions(paydesk.queue(), paydesk.refunds(), paydesk.participants(), caller, executor,
                paydesk.settings().currency(), locale);
        Navigation navigation = new Navigation(screens(paydesk, caller, executor, locale, demo, forms), caller);
        return new MainViewModel(caller, paydesk.database().description(), status, demo, navigation, executor, locale,
                ZoneId.systemDefault(), signOut);
    }

    private static RefundText refundText(Paydesk paydesk, Locale locale) {
        return new RefundText(paydesk.settings().currency(), locale, ZoneId.systemDefault());
    }

    /** Every screen of the client, in navigation order; the navigation shows those the caller's roles allow. */
    static List<Screen> screens(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                DemoDataViewModel demo, AccountActions accountActions) {
        return List.of(
                Screen.of("accounts", "Accounts", () -> {
                    AccountsViewModel accounts = new AccountsViewModel(AccountPages.of(paydesk.participants()), executor,
                            paydesk.settings().currency(), locale);
                    accounts.busyMessageProperty().bind(Bindings.when(demo.runningProperty())
                            .then(demo.messageProperty()).otherwise((String) null));
                    return new AccountsScreen(accounts, id -> new AccountDetailViewModel(id, paydesk.accountDetails(),
                            paydesk.reviews()::setReview, caller, executor, paydesk.settings().currency(), locale,
                            ZoneId.systemDefault()), accountActions);
                }),
                Screen.of("queue", "Payment queue", () -> QueueView.create(paydesk.queue(), paydesk.participants(), caller,
                        executor, paydesk.settings().currency(), locale), Role.CLERK),
                Screen.of("refunds", "Refund requests", () -> RefundsView.create(paydesk.refunds(), paydesk.participants(),
                        caller, executor, refundText(paydesk, locale)), Role.CLERK),
                Screen.of("approvals", "Approvals", () -> ApprovalsView.create(paydesk.refunds(), paydesk.queue(), caller,
                        executor, refundText(paydesk, locale)), Role.APPROVER),
                Screen.placeholder("payday", "Payday console", "It comes with Staff client II.", Role.OPERATOR),
                Screen.placeholder("payday-history", "Payday history", "It comes with Staff client II.",
                        Role.OPERATOR, Role.ADMIN),
                Screen.of("audit", "Audit log", () -> AuditView.create(paydesk.audit(), paydesk.staff(), caller, executor,
                        locale), Role.ADMIN),
                Screen.of("staff", "Staff", () -> StaffView.create(paydesk.staff(), caller, executor), Role.ADMIN),
                // Saving also makes the new values the current ones: the sandbox's latency, and the next payday run.
                Screen.of("settings", "Settings", () -> SettingsView.create(paydesk.settingsStore(), paydesk::reloadSettings,
                        caller, executor), Role.ADMIN));
    }
}
