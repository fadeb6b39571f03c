package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leakstop.detect.Redactor;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Outcome;
import io.leakstop.issuer.Catalogue.Read;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns catalogue exchanges into requests, and issuers' answers into facts. */
final class Exchanges {
  private static final DateTimeFormatter GITHUB_EXPIRY_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
  private static final DateTimeFormatter GITHUB_EXPIRY_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

  private Exchanges() {}

  static HttpRequest.Builder request(URI base, Catalogue.Issuer issuer, Exchange exchange, String secret) {
    return request(base, issuer, exchange, secret, Map.of());
  }

  /**
   * What fills a request's holes for {@code secret} of {@code family}: {@code detail:NAME} from
   * what its check read ({@code details}) and {@code part:NAME} from {@link #parts}.
   */
  static Map<String, String> holes(Catalogue.Family family, String secret, Map<String, String> details) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    details.forEach((name, value) -> out.put("detail:" + name, value));
    parts(family, secret).forEach((name, value) -> out.put("part:" + name, value));
    return out;
  }

  /**
   * The request {@code exchange} describes for {@code secret}, in exactly the places the catalogue
   * puts it (a header, Basic credentials, the path, the body). {@code values} ({@link #holes}) fill
   * the path's and body's {@code {detail:NAME}} (what the check read from the issuer, such as a
   * token id) and {@code {part:NAME}} (a named group of the family's format, such as the key id a
   * token carries).
   *
   * @throws IllegalArgumentException when the request needs a value that is not there
   */
  static HttpRequest.Builder request(URI base, Catalogue.Issuer issuer, Exchange exchange, String secret, Map<String, String> values) {
    HttpRequest.Builder b = HttpRequest.newBuilder(IssuerHttp.resolve(base, path(exchange.path(), secret, values)));
    for (Map.Entry<String, String> h : issuer.headers().entrySet()) {
      b.setHeader(h.getKey(), h.getValue().replace("{token}", secret));
    }
    for (Map.Entry<String, String> h : exchange.headers().entrySet()) {
      b.setHeader(h.getKey(), h.getValue().replace("{token}", secret));
    }
    if (exchange.basic() != null) {
      String pair = exchange.basic().user().replace("{token}", secret) + ":" + exchange.basic().password().replace("{token}", secret);
      b.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    HttpRequest.BodyPublisher body = exchange.body() == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body(exchange.body(), secret, values));
    return b.method(exchange.method(), body);
  }

  /**
   * A body with its holes filled: JSON-escaped in a JSON body, URL-encoded in any other (a form,
   * {@code a=b&c=d}), so that a secret's {@code +}, {@code /} or {@code =} arrive intact.
   */
  static String body(String template, String secret, Map<String, String> values) {
    java.util.function.UnaryOperator<String> encode = template.trim().startsWith("{") ? Exchanges::jsonEscape : Exchanges::urlEncode;
    return fill(template, secret, values, encode);
  }

  /**
   * The named groups of {@code format} in {@code secret} ({@code (?P<id>…)}), for a request's
   * {@code {part:NAME}}: a part of the secret the issuer's API names separately, such as the key id
   * inside a Tailscale API key. Empty when the format has none or does not match.
   */
  static Map<String, String> parts(Catalogue.Family family, String secret) {
    if (family.format() == null || family.partNames().isEmpty()) {
      return Map.of();
    }
    com.google.re2j.Matcher m = family.format().matcher(secret);
    if (!m.matches()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String name : family.partNames()) {
      String value = m.group(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern HOLE = java.util.regex.Pattern.compile("\\{(detail|part):([A-Za-z0-9_]+)\\}");

  static String path(String template, String secret, Map<String, String> values) {
    return fill(template, secret, values, Exchanges::urlEncode);
  }

  private static String fill(String template, String secret, Map<String, String> values, java.util.function.UnaryOperator<String> encode) {
    java.util.regex.Matcher m = HOLE.matcher(template.replace("{token}", encode.apply(secret)));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1) + ":" + m.group(2));
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(m.group(1).equals("part")
            ? "the secret has no " + m.group(2) + " part in the form the catalogue expects"
            : "needs the " + m.group(2) + " the check reads, which the issuer did not tell");
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(encode.apply(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String jsonEscape(String s) {
    String quoted = JsonNodeFactory.instance.textNode(s).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  /** The first outcome the answer meets, if any. */
  static Optional<Outcome> match(List<Outcome> outcomes, Answer answer) {
    for (Outcome o : outcomes) {
      if (!o.status().isEmpty() && !o.status().contains(answer.status())) {
        continue;
      }
      if (o.body() != null && !answer.body().contains(o.body())) {
        continue;
      }
      if (!headersMatch(o, answer) || !jsonMatches(o, answer)) {
        continue;
      }
      return Optional.of(o);
    }
    return Optional.empty();
  }

  private static boolean headersMatch(Outcome o, Answer answer) {
    for (Map.Entry<String, String> h : o.header().entrySet()) {
      Optional<String> value = answer.header(h.getKey());
      if (value.isEmpty() || !(h.getValue().equals("*") || h.getValue().equals(value.get()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean jsonMatches(Outcome o, Answer answer) {
    if (o.json().isEmpty()) {
      return true;
    }
    if (answer.json() == null) {
      return false;
    }
    for (Map.Entry<String, java.util.Set<String>> j : o.json().entrySet()) {
      JsonNode v = answer.json().at(j.getKey());
      if (!v.isValueNode() || !j.getValue().contains(v.asText())) {
        return false;
      }
    }
    return true;
  }

  /** A single value: a header's first value, or a JSON value as text (array items joined). */
  static String text(Read read, Answer answer) {
    List<String> values = list(read, answer);
    return values.isEmpty() ? null : String.join(", ", values);
  }

  static List<String> list(Read read, Answer answer) {
    List<String> out = new ArrayList<>();
    if (read == null) {
      return out;
    }
    if (read.header() != null) {
      answer.header(read.header()).ifPresent(v -> {
        if (read.split() != null) {
          for (String part : v.split(java.util.regex.Pattern.quote(read.split()))) {
            if (!part.isBlank()) {
              out.add(part.trim());
            }
          }
        } else if (!v.isBlank()) {
          out.add(v.trim());
        }
      });
    } else if (read.json() != null && answer.json() != null) {
      JsonNode v = answer.json().at(read.json());
      if (v.isArray()) {
        v.forEach(item -> {
          if (item.isValueNode()) {
            out.add(item.asText());
          }
        });
      } else if (v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
        if (read.split() != null) {
          for (String part : v.asText().split(java.util.regex.Pattern.quote(read.split()))) {
            if (!part.isBlank()) {
              out.add(part.trim());
            }
          }
        } else {
          out.add(v.asText());
        }
      }
    }
    if (read.prefix() != null) {
      out.replaceAll(v -> read.prefix() + v);
    }
    return out;
  }

  /**
   * An expiry as issuers write it: ISO instant or offset date-time, GitHub's
   * {@code 2021-09-03 02:34:04 UTC} or {@code … +0200}, a bare date (start of that day, UTC), or
   * epoch seconds. Null when absent or unreadable.
   */
  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    for (java.util.function.Function<String, Instant> parser : List.<java.util.function.Function<String, Instant>>of(
        Instant::parse,
        s -> OffsetDateTime.parse(s).toInstant(),
        s -> ZonedDateTime.parse(s, GITHUB_EXPIRY_ZONE).toInstant(),
        s -> OffsetDateTime.parse(s, GITHUB_EXPIRY_OFFSET).toInstant(),
        s -> LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant(),
        s -> Instant.ofEpochSecond(Long.parseLong(s)))) {
      try {
        return parser.apply(v);
      } catch (DateTimeParseException | NumberFormatException e) {
        // try the next form
      }
    }
    return null;
  }

  /** What to say about an answer no outcome explains. */
  static String unexpected(String issuer, Answer answer) {
    if (answer.status() >= 300 && answer.status() < 400) {
      String to = answer.header("Location").map(l -> {
        try {
          return " to " + URI.create(l).getHost();
        } catch (IllegalArgumentException e) {
          return "";
        }
      }).orElse("");
      return issuer + " answered with a redirect (HTTP " + answer.status() + to + "), not followed with a credential";
    }
    if (answer.success() && answer.json() == null) {
      return "malformed answer from " + issuer + " (HTTP " + answer.status() + ", not JSON)";
    }
    String message = answer.json() == null ? null : firstText(answer.json(), "/message", "/error/message", "/error", "/messages/0", "/errors/0/message");
    return "unexpected answer from " + issuer + ": HTTP " + answer.status() + (message == null ? "" : " " + shorten(message));
  }

  private static String firstText(JsonNode json, String... pointers) {
    for (String p : pointers) {
      JsonNode v = json.at(p);
      if (v.isValueNode() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }

  static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 160 ? one.substring(0, 157) + "..." : one;
  }

  /** Issuers sometimes echo what they were sent; a secret must not reach a report that way. */
  static String scrub(String text, String secret) {
    if (text == null || secret.isEmpty()) {
      return text;
    }
    // A secret sent in a path travels URL-encoded, and an error naming the URL shows it that way.
    return text.replace(secret, Redactor.redact(secret)).replace(urlEncode(secret), Redactor.redact(secret));
  }
}
