package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.Tokens;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
  @Test
  void githubChecksumIsCrc32OfTheBodyInBase62() {
    // DataDog's zero-padded vector: its checksum starts with '0' digits once encoded.
    String token = Checksums.GITHUB.complete("ghp_" + "QdwULL38u41vs1OcAjhKqcaSZ9W63r");
    assertEquals("0Zu4ln", token.substring(34));
    assertTrue(Checksums.GITHUB.isValid(token));
    assertEquals(40, token.length());
    assertFalse(Checksums.GITHUB.isValid(Tokens.corrupt(token)));
  }

  @Test
  void githubChecksumDoesNotHashThePrefix() {
    String body = Tokens.random(30);
    String good = Checksums.GITHUB.complete("ghp_" + body);
    String crcOverPrefix = "ghp_" + body + Checksums.base62(Checksums.crc32("ghp_" + body), 6);
    assertTrue(Checksums.GITHUB.isValid(good));
    assertFalse(Checksums.GITHUB.isValid(crcOverPrefix));
  }

  @Test
  void base62UsesDigitsThenUpperThenLowerAndPadsWithZeros() {
    assertEquals("00000A", Checksums.base62(10, 6));
    assertEquals("00000a", Checksums.base62(36, 6));
    assertEquals("000010", Checksums.base62(62, 6));
    assertEquals("4gfFC3", Checksums.base62(0xFFFFFFFFL, 6));
  }

  @RepeatedTest(20)
  void generatedTokensOfEveryKindValidateAndCorruptedOnesDoNot() {
    for (String token :
        new String[] {
          Tokens.githubPat(), Tokens.github("gho_"), Tokens.github("ghr_"), Tokens.npm()
        }) {
      Checksum checksum = token.startsWith("npm_") ? Checksums.NPM : Checksums.GITHUB;
      assertTrue(checksum.isValid(token), token);
      assertFalse(checksum.isValid(Tokens.corrupt(token)));
    }
    String gitlab = Tokens.gitlabRoutable();
    assertTrue(Checksums.GITLAB_ROUTABLE.isValid(gitlab));
    assertFalse(Checksums.GITLAB_ROUTABLE.isValid(Tokens.corrupt(gitlab)));
  }

  @Test
  void gitlabRoutableMatchesThePublishedSampleShape() {
    // kingfisher's sample (kept in two pieces so no valid token is ever committed whole): CRC32
    // over prefix and payload, base36, 7 chars.
    String head = "glpat-vSY1cyL948aAB440qB6L4zlu9OzsUmEV" + ".01.0w";
    assertEquals("0sfevch", Checksums.GITLAB_ROUTABLE.complete(head).substring(head.length()));
    assertFalse(Checksums.GITLAB_ROUTABLE.isValid(head + "0sfevci"));
  }

  @Test
  void atlassianChecksumIsUppercaseHexCrc32() {
    String token =
        Checksums.ATLASSIAN.complete(
            "ATATT3xFfGF0"
                + Tokens.random(
                    170, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-="));
    assertTrue(Checksums.ATLASSIAN.isValid(token));
    assertTrue(token.substring(token.length() - 8).matches("[0-9A-F]{8}"));
    assertFalse(Checksums.ATLASSIAN.isValid(token.substring(0, token.length() - 8) + "00000000"));
  }
}
