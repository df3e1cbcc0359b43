package org.paydesk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * gui -> logic -> model (STYLE.md): every package outside the GUI ({@code org.paydesk.ui}) and the
 * start-up wiring ({@code org.paydesk.app}) is core, and never depends on JavaFX, the GUI or the wiring.
 */
@AnalyzeClasses(packages = "org.paydesk", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    private static final String[] OUTSIDE_CORE = {"org.paydesk.ui..", "org.paydesk.app.."};

    @ArchTest
    static final ArchRule coreDoesNotUseJavaFx = noClasses().that().resideInAPackage("org.paydesk..")
            .and().resideOutsideOfPackages(OUTSIDE_CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..");

    @ArchTest
    static final ArchRule coreDoesNotUseTheGuiOrTheWiring = noClasses().that().resideInAPackage("org.paydesk..")
            .and().resideOutsideOfPackages(OUTSIDE_CORE)
            .should().dependOnClassesThat().resideInAnyPackage(OUTSIDE_CORE);

    /** One gateway-exchange protocol for all its users: what differs between them is passed in, never looked up. */
    @ArchTest
    static final ArchRule gatewayKnowsNoneOfItsUsers = noClasses().that().resideInAPackage("org.paydesk.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("org.paydesk.payday..", "org.paydesk.refunds..",
                    "org.paydesk.queue..");

    @ArchTest
    static final ArchRule moneyIsPure = noClasses().that().resideInAPackage("org.paydesk.money..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.hibernate..", "org.paydesk.db..");
}
