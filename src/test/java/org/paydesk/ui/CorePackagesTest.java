package org.paydesk.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The GUI depends on the core, never the other way round (STYLE.md). */
class CorePackagesTest {

    @Test
    void coreDoesNotUseJavaFxNorTheGui() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.paydesk");
        noClasses().that().resideInAPackage("org.paydesk..")
                .and().resideOutsideOfPackages("org.paydesk.ui..", "org.paydesk.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.paydesk.ui..")
                .check(classes);
    }
}
