package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.leakstop.rules.Config;
import io.leakstop.testing.GitHttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request leakstop sends with a credential follows one rule: https, or http to a literal
 * loopback address; a token goes only to the scheme, host and port it belongs to.
 */
class EndpointRuleTest {
  private static final String TOKEN = "listing-token-from-the-environment-0123456789";
  @TempDir Path work;

  /** A non-loopback address of this machine, so a server on it is reachable but not "loopback". */
  private static InetAddress ownAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }

  @Test
  void theOrganisationListingRefusesPlainHttpToANonLoopbackAddressBeforeSendingTheToken()
      throws Exception {
    InetAddress own = ownAddress();
    assumeTrue(own != null, "no non-loopback IPv4 address on this machine");
    List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress(own, 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth == null ? "" : auth);
          byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String api = "http://" + own.getHostAddress() + ":" + server.getAddress().getPort();
      HostedListing listing =
          new HostedListing(Map.of("GITHUB_API_URL", api, "GITHUB_TOKEN", TOKEN));
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class, () -> listing.githubOrg("acme", false, false));
      assertEquals(
          "GITHUB_API_URL: plain http is allowed only for loopback addresses, got "
              + own.getHostAddress(),
          refused.getMessage());
      assertEquals(List.of(), authorizations, "nothing reached the server");

      HostedListing gitlab =
          new HostedListing(Map.of("GITLAB_API_URL", api, "GITLAB_TOKEN", TOKEN));
      assertThrows(IllegalArgumentException.class, () -> gitlab.gitlabGroup("acme", false, false));
      assertEquals(List.of(), authorizations, "nothing reached the server");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anApiUrlWithUserInfoOrAnotherSchemeIsRefused() {
    for (String bad :
        new String[] {
          "http://10.0.0.1", "ftp://api.example.com", "https://user:pw@api.example.com"
        }) {
      HostedListing listing =
          new HostedListing(Map.of("GITHUB_API_URL", bad, "GITHUB_TOKEN", TOKEN));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> listing.githubOrg("acme", false, false), bad);
      assertTrue(e.getMessage().startsWith("GITHUB_API_URL: "), e.getMessage());
    }
  }

  @Test
  void theTokenIsOfferedOnlyToTheSameSchemeHostAndPort() {
    GitCredentials credentials = new GitCredentials(Map.of("GITHUB_TOKEN", TOKEN));
    assertNotNull(credentials.forUrl("https://github.com/acme/app.git"));
    assertNotNull(credentials.forUrl("https://github.com:443/acme/app.git"));
    assertNull(credentials.forUrl("http://github.com/acme/app.git"), "plain http to the same host");
    assertNull(
        credentials.forUrl("https://github.com:8443/acme/app.git"),
        "another port on the same host");
    assertNull(credentials.forUrl("https://github.com.evil.example/acme/app.git"));
  }

  @Test
  void aServerUrlThatBreaksTheEndpointRuleIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GitCredentials(
                    Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_SERVER_URL", "http://10.0.0.1")));
    assertEquals(
        "GITHUB_SERVER_URL: plain http is allowed only for loopback addresses, got 10.0.0.1",
        e.getMessage());
  }

  @Test
  void anotherPortOnTheServersHostDoesNotGetTheToken() throws Exception {
    SweepFixture.commit(work.resolve("served/acme/app"), "init", "a.txt", "x\n");
    try (GitHttpServer own = new GitHttpServer(work.resolve("served"), "x-access-token", TOKEN);
        GitHttpServer other = new GitHttpServer(work.resolve("served"), "x-access-token", TOKEN)) {
      Map<String, String> env =
          Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_SERVER_URL", own.url("").replaceAll("/$", ""));
      Sweep.Outcome outcome =
          new Sweep(
                  new Sweep.Settings(
                      List.of(Target.of(other.url("acme/app"))),
                      Shard.ALL,
                      new MirrorCache(work.resolve("cache")),
                      work.resolve("state.json"),
                      new GitCredentials(env),
                      SweepFixture.SCANNER,
                      HistoryScan.of(Config.DEFAULT, 2),
                      null,
                      false,
                      2,
                      Clock.systemUTC(),
                      line -> {}))
              .run();
      assertFalse(
          outcome.complete(), "the token of " + own.url("") + " is not sent to " + other.url(""));
      assertTrue(
          other.authorizations().stream().noneMatch(a -> a.startsWith("Basic ")),
          other.authorizations().toString());
    }
  }
}
