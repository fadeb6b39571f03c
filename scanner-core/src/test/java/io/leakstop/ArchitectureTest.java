package io.leakstop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/architecture.md, checked on the compiled classes: a change that makes
 * a package use one above it, or closes a cycle between packages, fails the build here.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.leakstop");

  /** Every layer under the pipeline; the applications may use these and the pipeline itself. */
  private static final String[] BELOW_SCAN = {
    "base", "source", "rules", "finding", "detect", "git", "filter", "issuer", "report", "gitleaks"
  };

  @Test
  void packagesUseOnlyTheLayersBelowThem() {
    String[] withScan = java.util.Arrays.copyOf(BELOW_SCAN, BELOW_SCAN.length + 1);
    withScan[BELOW_SCAN.length] = "scan";
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("base")
        .definedBy(
            "io.leakstop", "io.leakstop.net..", "io.leakstop.cache..", "io.leakstop.internal..")
        .layer("source")
        .definedBy("io.leakstop.source..")
        .layer("rules")
        .definedBy("io.leakstop.rules..")
        .layer("finding")
        .definedBy("io.leakstop.finding..")
        .layer("detect")
        .definedBy("io.leakstop.detect..")
        .layer("git")
        .definedBy("io.leakstop.git..")
        .layer("filter")
        .definedBy("io.leakstop.filter..")
        .layer("issuer")
        .definedBy("io.leakstop.issuer..")
        .layer("report")
        .definedBy("io.leakstop.report..")
        .layer("gitleaks")
        .definedBy("io.leakstop.gitleaks..")
        .layer("scan")
        .definedBy("io.leakstop.scan..")
        .layer("github")
        .definedBy("io.leakstop.github..")
        .layer("sweep")
        .definedBy("io.leakstop.sweep..")
        .whereLayer("base")
        .mayNotAccessAnyLayer()
        .whereLayer("source")
        .mayOnlyAccessLayers("base")
        .whereLayer("rules")
        .mayOnlyAccessLayers("base")
        .whereLayer("finding")
        .mayOnlyAccessLayers("base", "source", "rules")
        .whereLayer("detect")
        .mayOnlyAccessLayers("base", "source", "rules", "finding")
        .whereLayer("git")
        .mayOnlyAccessLayers("base", "source", "rules", "finding")
        .whereLayer("filter")
        .mayOnlyAccessLayers("base", "source", "rules", "finding", "detect")
        .whereLayer("issuer")
        .mayOnlyAccessLayers("base", "source", "rules", "finding")
        .whereLayer("report")
        .mayOnlyAccessLayers("base", "source", "rules", "finding", "issuer")
        .whereLayer("gitleaks")
        .mayOnlyAccessLayers("base", "source", "rules", "finding", "detect", "filter", "report")
        .whereLayer("scan")
        .mayOnlyAccessLayers(BELOW_SCAN)
        .whereLayer("github")
        .mayOnlyAccessLayers(withScan)
        .whereLayer("sweep")
        .mayOnlyAccessLayers(withScan)
        .check(CORE);
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("io.leakstop.(**)").should().beFreeOfCycles().check(CORE);
  }

  /**
   * An {@code internal} package belongs to the package that holds it: only code under that parent
   * uses it ({@code io.leakstop.internal}: scanner-core only; the CLI's own test forbids it there).
   */
  @Test
  void internalPackagesAreUsedOnlyUnderTheirParent() {
    classes()
        .that()
        .resideInAPackage("..internal..")
        .should(beUsedOnlyUnderTheirParent())
        .check(CORE);
  }

  private static ArchCondition<JavaClass> beUsedOnlyUnderTheirParent() {
    return new ArchCondition<>("be used only under the package that holds their internal package") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String name = internal.getPackageName();
        String parent = name.substring(0, name.indexOf(".internal"));
        for (Dependency use : internal.getDirectDependenciesToSelf()) {
          String from = use.getOriginClass().getPackageName();
          if (!from.equals(parent) && !from.startsWith(parent + ".")) {
            events.add(SimpleConditionEvent.violated(use, use.getDescription()));
          }
        }
      }
    };
  }
}
