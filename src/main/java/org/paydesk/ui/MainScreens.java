package org.paydesk.ui;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import org.paydesk.app.PaydayReportFile;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoHistory;
import org.paydesk.payday.PaydayMonitor;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.Paydays;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.processor.Workstation;
import org.paydesk.staff.Appearance;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.ui.accounts.AccountPages;
import org.paydesk.ui.accounts.AccountWindow;
import org.paydesk.ui.accounts.AccountDetailViewModel;
import org.paydesk.ui.accounts.AccountsScreen;
import org.paydesk.ui.accounts.AccountsViewModel;
import org.paydesk.ui.admin.AuditView;
import org.paydesk.ui.admin.SettingsView;
import org.paydesk.ui.admin.StaffView;
import org.paydesk.ui.demo.DemoDataViewModel;
import org.paydesk.ui.payday.console.PaydayConsoleSource;
import org.paydesk.ui.payday.console.PaydayConsoleView;
import org.paydesk.ui.payday.console.PaydayConsoleViewModel;
import org.paydesk.ui.payday.console.PaydayService;
import org.paydesk.ui.payday.history.PaydayHistoryView;
import org.paydesk.ui.queue.QueueView;
import org.paydesk.ui.refunds.ApprovalsView;
import org.paydesk.ui.refunds.RefundText;
import org.paydesk.ui.refunds.RefundsView;
import org.paydesk.ui.shell.AccountActions;
import org.paydesk.ui.shell.DeskStatus;
import org.paydesk.ui.shell.MainViewModel;
import org.paydesk.ui.shell.Navigation;
import org.paydesk.ui.shell.Notices;
import org.paydesk.ui.shell.Screen;
import org.paydesk.ui.shell.ThemeChoice;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The GUI's composition root: the screens of the main window, in navigation order, each built from
 * the services it uses. The one place (with {@link DesktopApp}) that sees {@link Paydesk}; the
 * ViewModels receive single services. A new screen is one more {@link Screen} in {@link #screens}.
 */
public final class MainScreens {

    /** How many past paydays the demo data brings. */
    static final int DEMO_WEEKS = 4;

    private MainScreens() {
    }

    /** Builds the main window's ViewModel for {@code caller}; {@code signOut} runs when they sign out. */
    public static MainViewModel mainViewModel(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                              Runnable signOut) {
        return mainViewModel(paydesk, caller, executor, locale, signOut, Theme::install);
    }

    /**
     * As above; {@code applyTheme} switches every window when the staff member switches the theme
     * (the start-up also remembers it as this workstation's theme of the sign-in window).
     */
    public static MainViewModel mainViewModel(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                              Runnable signOut, Consumer<Appearance> applyTheme) {
        Notices notices = new Notices();
        // A first look at the history should not be empty: the demo comes with a month of weekly paydays.
        DemoDataViewModel.Generator withHistory = (participants, seed, progress) -> {
            var result = paydesk.demo().generate(participants, seed, progress);
            new DemoHistory(paydesk.database()).runPastPaydays(paydesk.payday(), paydesk.systemCaller(),
                    Workstation.hostName(), DEMO_WEEKS, progress);
            return result;
        };
        AtomicReference<DemoDataViewModel> demoRef = new AtomicReference<>();
        DemoDataViewModel demo = new DemoDataViewModel(paydesk.participants()::isEmpty, withHistory, executor,
                () -> notices.info("Demo data loaded", demoRef.get().messageProperty().get()));
        demoRef.set(demo);
        demo.failureProperty().addListener((o, old, failure) -> {
            if (failure != null) {
                notices.error("Demo data not loaded", failure);
            }
        });
        DeskStatus.Source status = () -> new DeskStatus(paydesk.participants().approximateCount(),
                paydesk.processor().currentHolder());
        AccountActions forms = new FormActions(paydesk.queue(), paydesk.refunds(), paydesk.participants(), caller, executor,
                paydesk.settings().currency(), locale);
        Navigation navigation = new Navigation(screens(paydesk, caller, executor, locale, demo, forms, notices), caller);
        // In the staff table, not on this workstation: a staff member's theme follows them to any desk.
        ThemeChoice theme = new ThemeChoice(Theme.current(), applyTheme,
                chosen -> paydesk.staff().setAppearance(caller, chosen), executor);
        return new MainViewModel(caller, paydesk.database().description(), status, demo, navigation, executor, locale,
                ZoneId.systemDefault(), signOut, theme, notices);
    }

    /** What the payday console reads, from {@code paydesk}'s services. */
    public static PaydayConsoleSource paydayConsoleSource(Paydesk paydesk) {
        return new PaydayConsoleSource() {
            @Override
            public Optional<PaydayMonitor.OpenRun> openRun() {
                return paydesk.paydayMonitor().openRun();
            }

            @Override
            public Paydays.ErrorPage errorsAfter(long paydayId, long afterId, int limit) {
                return paydesk.paydays().errors(paydayId, afterId, limit);
            }

            @Override
            public Optional<ProcessorLock.HolderInfo> processorHolder() {
                return paydesk.processor().currentHolder();
            }

            @Override
            public PaydayPreview.Figures preview() {
                return paydesk.paydayPreview().compute();
            }

            @Override
            public Optional<Paydays.Summary> latest() {
                return paydesk.paydays().list(1).stream().findFirst();
            }
        };
    }

    private static PaydayConsoleView paydayConsole(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                                   AccountActions accountActions, Notices notices) {
        PaydayConsoleSource source = paydayConsoleSource(paydesk);
        PaydayService service = new PaydayService((force, listener, cancelled) -> paydesk.payday().run(
                PaydayRunner.Options.of(caller, Workstation.hostName(), force), listener, cancelled));
        PaydayConsoleViewModel viewModel = new PaydayConsoleViewModel(source, service, caller, executor,
                paydesk.settings().currency(), locale, ZoneId.systemDefault());
        viewModel.setOnRunEnded(ended -> {
            switch (ended.ending()) {
                case FINISHED -> notices.info("Payday finished", ended.text());
                case CANCELLED -> notices.info("Payday cancelled", ended.text());
                case NOT_STARTED -> notices.error("Payday not started", ended.text());
                case FAILED -> notices.error("Payday failed", ended.text());
            }
        });
        return new PaydayConsoleView(viewModel, (owner, id) -> AccountWindow.open(owner, accountDetail(paydesk, caller,
                executor, locale, id), accountActions));
    }

    private static AccountDetailViewModel accountDetail(Paydesk paydesk, Caller caller, TaskExecutor executor,
                                                        Locale locale, long id) {
        return new AccountDetailViewModel(id, paydesk.accountDetails(), paydesk.reviews()::setReview, caller, executor,
                paydesk.settings().currency(), locale, ZoneId.systemDefault());
    }

    private static RefundText refundText(Paydesk paydesk, Locale locale) {
        return new RefundText(paydesk.settings().currency(), locale, ZoneId.systemDefault());
    }

    /** Every screen of the client, in navigation order; the navigation shows those the caller's roles allow. */
    static List<Screen> screens(Paydesk paydesk, Caller caller, TaskExecutor executor, Locale locale,
                                DemoDataViewModel demo, AccountActions accountActions, Notices notices) {
        return List.of(
                Screen.of("accounts", "Accounts", () -> {
                    AccountsViewModel accounts = new AccountsViewModel(AccountPages.of(paydesk.participants()), executor,
                            paydesk.settings().currency(), locale);
                    accounts.busyMessageProperty().bind(Bindings.when(demo.runningProperty())
                            .then(demo.messageProperty()).otherwise((String) null));
                    return new AccountsScreen(accounts, id -> accountDetail(paydesk, caller, executor, locale, id),
                            accountActions);
                }),
                Screen.of("queue", "Payment queue", () -> QueueView.create(paydesk.queue(), paydesk.participants(), caller,
                        executor, paydesk.settings().currency(), locale), Role.CLERK),
                Screen.of("refunds", "Refund requests", () -> RefundsView.create(paydesk.refunds(), paydesk.participants(),
                        caller, executor, refundText(paydesk, locale)), Role.CLERK),
                Screen.of("approvals", "Approvals", () -> ApprovalsView.create(paydesk.refunds(), paydesk.queue(), caller,
                        executor, refundText(paydesk, locale), executed -> {
                            if (executed.succeeded()) {
                                notices.info("Refund executed", executed.text());
                            } else {
                                notices.error("Refund failed", executed.text());
                            }
                        }), Role.APPROVER),
                Screen.of("payday", "Payday console", () -> paydayConsole(paydesk, caller, executor, locale, accountActions,
                        notices),
                        Role.OPERATOR, Role.ADMIN),
                Screen.of("payday-history", "Payday history", () -> PaydayHistoryView.create(paydesk.paydays(),
                        (id, format, file) -> PaydayReportFile.write(paydesk.paydays(), paydesk.settings().currency(),
                                locale, ZoneId.systemDefault(), id, format, file),
                        executor, paydesk.settings().currency(), locale), Role.OPERATOR, Role.ADMIN),
                Screen.of("audit", "Audit log", () -> AuditView.create(paydesk.audit(), paydesk.staff(), caller, executor,
                        locale), Role.ADMIN),
                Screen.of("staff", "Staff", () -> StaffView.create(paydesk.staff(), caller, executor), Role.ADMIN),
                // Saving also makes the new values the current ones: the sandbox's latency, and the next payday run.
                Screen.of("settings", "Settings", () -> SettingsView.create(paydesk.settingsStore(), paydesk::reloadSettings,
                        caller, executor), Role.ADMIN));
    }
}
