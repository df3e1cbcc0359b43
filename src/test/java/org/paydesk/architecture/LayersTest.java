package org.paydesk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** gui -> logic -> model: the core never depends on JavaFX or on the GUI or the start-up wiring. */
@AnalyzeClasses(packages = "org.paydesk", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    private static final String[] CORE = {
        "org.paydesk.db..", "org.paydesk.money..", "org.paydesk.ledger..", "org.paydesk.participants..",
        "org.paydesk.settings..", "org.paydesk.demo..", "org.paydesk.payday..", "org.paydesk.gateway..",
        "org.paydesk.queue..", "org.paydesk.refunds..", "org.paydesk.staff.."
    };

    @ArchTest
    static final ArchRule coreDoesNotUseJavaFx = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..");

    @ArchTest
    static final ArchRule coreDoesNotUseTheGui = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.paydesk.ui..");

    @ArchTest
    static final ArchRule coreDoesNotUseTheWiring = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.paydesk.app..");

    @ArchTest
    static final ArchRule moneyIsPure = noClasses().that().resideInAPackage("org.paydesk.money..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.hibernate..", "org.paydesk.db..");
}
