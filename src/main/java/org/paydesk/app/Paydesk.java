package org.paydesk.app;

import org.paydesk.staff.StaffEntity;
import org.paydesk.settings.SettingEntity;
import java.util.List;
import org.paydesk.refunds.RefundEntity;
import org.paydesk.queue.QueuedPaymentEntity;
import org.paydesk.participants.ParticipantEntity;
import java.nio.file.Path;
import org.paydesk.backup.BackupService;
import org.paydesk.accounts.AccountDetails;
import org.paydesk.db.Database;
import org.paydesk.db.EmbeddedServer;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.gateway.PaymentGateway;
import org.paydesk.gateway.SandboxGateway;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayMonitor;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.Paydays;
import org.paydesk.participants.ReviewService;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.refunds.RefundExecutor;
import org.paydesk.refunds.RefundService;
import org.paydesk.staff.AuditTrail;
import org.paydesk.staff.Caller;
import org.paydesk.staff.StaffService;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.participants.ExportService;
import org.paydesk.participants.ImportService;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.settings.Settings;
import org.paydesk.settings.SettingsStore;

/**
 * The composition root: opens the database and builds every service with plain constructors.
 * One instance per process; the GUI and the commands both start here.
 */
public final class Paydesk implements AutoCloseable {

    /** The data folder's subfolder of backups. */
    public static final String BACKUPS = "backups";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Paydesk.class);

    /** The rows staff edit, mapped by Hibernate with their versions (issue 8 §6); the rest is SQL. */
    private static final List<Class<?>> ENTITIES = List.of(ParticipantEntity.class, QueuedPaymentEntity.class,
            RefundEntity.class, SettingEntity.class, StaffEntity.class);

    private final Database database;
    private final SettingsStore settingsStore;
    /**
     * The settings as last read (first when asked for, not at start-up); read again at the start of
     * each payday run, so a change needs no restart.
     */
    private volatile Settings settings;
    /** Read when first asked for: the desktop client's start-up does not need it. */
    private volatile Caller systemCaller;
    private final ParticipantDirectory participants;
    private final ImportService importer;
    private final ExportService exporter;
    private final InvariantChecker checker;
    private final DemoGenerator demo;
    private final PaymentGateway gateway;
    private final ProcessorLock processor;
    private final PaydayRunner payday;
    private final Paydays paydays;
    private final PaydayMonitor paydayMonitor;
    private final PaydayPreview paydayPreview;
    private final StaffService staff;
    private final RefundService refunds;
    private final RefundExecutor refundExecutor;
    private final PaymentQueue queue;
    private final ReviewService reviews;
    private final AuditTrail audit;
    private final BackupService backups;
    private volatile Path backupFolder;
    private final AccountDetails accountDetails;

    private Paydesk(Database database) {
        this.database = database;
        database.mapEntities(ENTITIES);
        this.settingsStore = new SettingsStore(database);
        this.staff = new StaffService(database);
        this.participants = new ParticipantDirectory(database);
        this.importer = new ImportService(database);
        this.exporter = new ExportService(participants);
        this.checker = new InvariantChecker(database);
        this.demo = new DemoGenerator(database);
        this.gateway = SandboxGateway.onOwnPool(database, () -> settings().sandboxLatency());
        this.processor = new ProcessorLock(database);
        this.refundExecutor = new RefundExecutor(gateway);
        this.payday = new PaydayRunner(database, this::reloadSettings, gateway, processor, refundExecutor);
        this.paydays = new Paydays(database);
        this.paydayMonitor = new PaydayMonitor(database);
        this.paydayPreview = new PaydayPreview(database, this::reloadSettings);
        this.refunds = new RefundService(database);
        this.queue = new PaymentQueue(database, processor, refundExecutor::executeApproved);
        this.reviews = new ReviewService(database);
        this.audit = new AuditTrail(database);
        this.backups = new BackupService(database.dataSource(), EmbeddedServer.applicationName());
        this.payday.beforeEachRun(this::backupBeforePayday);
        this.accountDetails = new AccountDetails(database);
    }

    public static Paydesk open(DatabaseConfig config) {
        Paydesk paydesk = wrap(Database.open(config));
        if (config.isEmbedded()) {
            paydesk.backupFolder = config.dataDir().resolve(BACKUPS);
        }
        return paydesk;
    }

    /** The folder of the embedded database's backups; empty on an external server (its backups are the operator's). */
    public java.util.Optional<Path> backupFolder() {
        return java.util.Optional.ofNullable(backupFolder);
    }

    /** Used by tests to back up before paydays on a database they opened themselves. */
    public void backUpBeforePaydaysInto(Path folder) {
        this.backupFolder = folder;
    }

    public BackupService backups() {
        return backups;
    }

    /** DESIGN §11: before each payday the embedded database is backed up into the data folder. */
    private void backupBeforePayday() {
        Path folder = backupFolder;
        if (folder != null) {
            BackupService.BackupInfo info = backups.backupInto(folder, "before-payday");
            log.info("Backup before the payday: {} ({} bytes); kept: {}", info.file(), info.bytes(),
                    BackupService.list(folder).stream().map(b -> b.file().getFileName() + " " + b.bytes() + " bytes").toList());
        }
    }

    /** Builds the services on an already open database; closing the result closes it. */
    public static Paydesk wrap(Database database) {
        try {
            return new Paydesk(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public Settings settings() {
        Settings current = settings;
        return current != null ? current : reloadSettings();
    }

    public SettingsStore settingsStore() {
        return settingsStore;
    }

    /** Reads the settings from the database again and makes them the current ones. */
    public Settings reloadSettings() {
        settings = settingsStore.load();
        return settings;
    }

    /** The built-in operator that headless commands act as. */
    public long systemStaffId() {
        return systemCaller().staffId();
    }

    public ParticipantDirectory participants() {
        return participants;
    }

    public ImportService importer() {
        return importer;
    }

    public ExportService exporter() {
        return exporter;
    }

    public InvariantChecker checker() {
        return checker;
    }

    public DemoGenerator demo() {
        return demo;
    }

    public PaymentGateway gateway() {
        return gateway;
    }

    public ProcessorLock processor() {
        return processor;
    }

    public PaydayRunner payday() {
        return payday;
    }

    public Paydays paydays() {
        return paydays;
    }

    public PaydayMonitor paydayMonitor() {
        return paydayMonitor;
    }

    public PaydayPreview paydayPreview() {
        return paydayPreview;
    }

    public StaffService staff() {
        return staff;
    }

    /** The built-in operator headless commands act as. */
    public Caller systemCaller() {
        Caller caller = systemCaller;
        if (caller == null) {
            caller = staff.system();
            systemCaller = caller;
        }
        return caller;
    }

    public RefundService refunds() {
        return refunds;
    }

    public RefundExecutor refundExecutor() {
        return refundExecutor;
    }

    public PaymentQueue queue() {
        return queue;
    }

    public ReviewService reviews() {
        return reviews;
    }

    public AuditTrail audit() {
        return audit;
    }

    /** Read-only projections for the account detail screen. */
    public AccountDetails accountDetails() {
        return accountDetails;
    }

    @Override
    public void close() {
        database.close();
    }
}
