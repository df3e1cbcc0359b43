package org.paydesk.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

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

    /**
     * The GUI's composition root: it opens the database the start-up options name and hands each
     * screen the services it uses (from {@code app.Paydesk}), and {@code app} starts it. It is the one
     * place where the GUI meets the wiring and the database's configuration.
     */
    private static final DescribedPredicate<JavaClass> GUI_COMPOSITION_ROOT = DescribedPredicate.describe(
            "the GUI's composition root", c -> Set.of("org.paydesk.ui.DesktopApp", "org.paydesk.ui.MainScreens")
                    .contains(c.getName().split("\\$")[0]));

    /** The GUI works through the services: no SQL, JDBC or Hibernate in a screen or ViewModel. */
    @ArchTest
    static final ArchRule guiDoesNotTouchTheDatabase = noClasses().that().resideInAPackage("org.paydesk.ui..")
            .and(are(not(GUI_COMPOSITION_ROOT)))
            .should().dependOnClassesThat().resideInAnyPackage("org.paydesk.db..", "java.sql..", "javax.sql..",
                    "org.hibernate..", "jakarta.persistence..");

    /** Each top-level package of Paydesk can be read, changed and tested without the ones that use it. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.paydesk.(*)..").should().beFreeOfCycles()
            .ignoreDependency(GUI_COMPOSITION_ROOT, resideInAPackage("org.paydesk.app.."));
}
