package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/verification.md's issuer table is the catalogue's: this test fails when they differ. To
 * rewrite the table after changing the issuer catalogue, run it with {@code
 * -Dleakstop.writeDocs=true}: {@code mvn -pl scanner-core -Dtest=VerificationDocTest
 * -Dleakstop.writeDocs=true test}.
 */
class VerificationDocTest {
  static final String BEGIN =
      "<!-- BEGIN issuer table: generated from the issuer catalogue by VerificationDocTest; do not edit -->";
  static final String END = "<!-- END issuer table -->";

  @Test
  void issuerTableIsGeneratedFromTheCatalogue() throws IOException {
    Path doc = Path.of("..", "docs", "verification.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertTrue(begin >= 0 && end > begin, doc + " must hold the markers " + BEGIN + " … " + END);
    String expected =
        text.substring(0, begin + BEGIN.length())
            + "\n"
            + IssuerTable.markdown(Catalogue.builtin())
            + text.substring(end);
    if (Boolean.getBoolean("leakstop.writeDocs")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(
        expected,
        text,
        doc + " differs from the catalogue; rerun this test with -Dleakstop.writeDocs=true");
  }
}
