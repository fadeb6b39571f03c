package io.leakstop.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI maps options onto scanner-core's API and prints; core's internal packages are not that
 * API.
 */
class CorePublicApiTest {
  private static final JavaClasses CLI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.leakstop.cli");

  @Test
  void theCliUsesNoInternalPackageOfCore() {
    noClasses()
        .that()
        .resideInAPackage("io.leakstop.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.leakstop..internal..")
        .check(CLI);
  }
}
