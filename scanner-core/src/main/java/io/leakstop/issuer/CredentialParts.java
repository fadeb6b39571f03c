package io.leakstop.issuer;

import com.google.re2j.Matcher;
import io.leakstop.finding.Finding;
import io.leakstop.issuer.Catalogue.CompanionSpec;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.HostSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The other parts of a credential (the companions the detector found beside the secret) and the
 * per-tenant host they may name, checked before anything is sent: each companion against its
 * catalogue format, a host against the issuer's documented domains with strict DNS labels. What a
 * scanned repository writes beside a secret can therefore complete a request, never redirect it.
 */
final class CredentialParts {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private CredentialParts() {}

  /**
   * Where to send a finding's request and with which companions; {@code refusal} (for an {@code
   * unverifiable} status) when something needed is missing or not acceptable; {@code fallbackHost}
   * the catalogue's default host when the companion naming the tenant was not found (a rejection
   * there does not mean the secret is dead elsewhere).
   */
  record Resolved(URI base, Map<String, String> companions, String refusal, String fallbackHost) {
    static Resolved refused(String why) {
      return new Resolved(null, Map.of(), why, null);
    }
  }

  /**
   * @param configured the issuer's base URL: the catalogue's, or the environment's override
   * @param overridden whether {@code configured} comes from {@code LEAKSTOP_<ISSUER>_URL}; an
   *     override wins over a per-tenant host (tests, proxies), after the host has been checked
   */
  static Resolved resolve(Family family, Finding finding, URI configured, boolean overridden) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, CompanionSpec> c : family.companions().entrySet()) {
      CompanionSpec spec = c.getValue();
      String value = finding.companion(c.getKey()).map(String::trim).orElse(null);
      if (value == null || value.isEmpty()) {
        if (!spec.optional()) {
          return Resolved.refused("needs companion: " + spec.means());
        }
        continue;
      }
      if (spec.format() != null && !spec.format().matches(value)) {
        return Resolved.refused(
            "the "
                + c.getKey()
                + " found beside the secret does not have the form of "
                + spec.means()
                + "; not sent");
      }
      values.put(c.getKey(), value);
    }
    HostSpec host = family.host();
    if (host == null) {
      return new Resolved(configured, Map.copyOf(values), null, null);
    }
    String part = null;
    if (host.companion() != null) {
      part = values.get(host.companion());
    } else {
      Matcher m = host.secret().matcher(finding.secret());
      part = m.find() ? m.group("value") : null;
    }
    String name;
    boolean fallback = part == null;
    if (part == null) {
      if (host.fallback() == null) {
        return Resolved.refused(
            "needs companion: "
                + (host.companion() == null
                    ? "the host"
                    : family.companions().get(host.companion()).means()));
      }
      name = host.fallback();
    } else {
      name = host.template().replace("{value}", part).toLowerCase(Locale.ROOT);
    }
    if (!allowed(name, host.allow())) {
      // The value is repository text: it is not echoed.
      return Resolved.refused(
          "the "
              + (host.companion() == null ? "host" : host.companion())
              + " found beside the secret is not one of "
              + family.issuer()
              + "'s documented domains ("
              + String.join(", ", host.allow())
              + "); not sent");
    }
    return new Resolved(
        overridden ? configured : URI.create("https://" + name),
        Map.copyOf(values),
        null,
        fallback ? name : null);
  }

  /**
   * Whether {@code host} is a plain DNS name (lowercase labels of letters, digits and inner
   * hyphens, no port, no trailing dot) matching one of {@code patterns}, where {@code *} is exactly
   * one label.
   */
  static boolean allowed(String host, List<String> patterns) {
    if (host == null || host.isEmpty() || host.length() > 253) {
      return false;
    }
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    for (String pattern : patterns) {
      String[] parts = pattern.split("\\.", -1);
      if (parts.length != labels.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < parts.length && match; i++) {
        match = parts[i].equals("*") || parts[i].equals(labels[i]);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }
}
