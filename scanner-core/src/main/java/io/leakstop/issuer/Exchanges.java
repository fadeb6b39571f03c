package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leakstop.finding.Redactor;
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
  private static final DateTimeFormatter GITHUB_EXPIRY_ZONE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
  private static final DateTimeFormatter GITHUB_EXPIRY_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

  private Exchanges() {}

  /**
   * What a request template's holes are filled with: {@code {token}} the secret; {@code
   * {detail:NAME}} what the check read from the issuer (a token id); {@code {companion:NAME}} the
   * other parts of the credential found beside it (already checked against their catalogue format);
   * {@code {part:NAME}} a named group of the family's format in the secret ({@link
   * Catalogue.Family#parts}).
   */
  record Holes(
      String secret,
      Map<String, String> details,
      Map<String, String> companions,
      Map<String, String> parts) {
    Holes {
      details = Map.copyOf(details);
      companions = Map.copyOf(companions);
      parts = Map.copyOf(parts);
    }

    static Holes of(String secret) {
      return new Holes(secret, Map.of(), Map.of(), Map.of());
    }

    Holes withDetails(Map<String, String> values) {
      return new Holes(secret, values, companions, parts);
    }

    Holes withCompanions(Map<String, String> values) {
      return new Holes(secret, details, values, parts);
    }

    Holes withParts(Map<String, String> values) {
      return new Holes(secret, details, companions, values);
    }
  }

  static HttpRequest.Builder request(
      URI base, Catalogue.Issuer issuer, Exchange exchange, String secret) {
    return request(base, issuer, exchange, Holes.of(secret));
  }

  /**
   * The request {@code exchange} describes, the secret and the other values in exactly the places
   * the catalogue puts them (a header, Basic credentials, the path, the body): URL-encoded in a
   * path and a form body, JSON-escaped in a JSON body, as they are in headers.
   *
   * @throws IllegalArgumentException when a template names a detail the check did not read, a
   *     companion not found beside the secret, or a part the secret does not have
   */
  static HttpRequest.Builder request(
      URI base, Catalogue.Issuer issuer, Exchange exchange, Holes holes) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
            IssuerHttp.resolve(base, fill(exchange.path(), holes, Exchanges::urlEncode)));
    for (Map.Entry<String, String> h : issuer.headers().entrySet()) {
      b.setHeader(h.getKey(), fill(h.getValue(), holes, v -> v));
    }
    for (Map.Entry<String, String> h : exchange.headers().entrySet()) {
      b.setHeader(h.getKey(), fill(h.getValue(), holes, v -> v));
    }
    if (exchange.basic() != null) {
      String pair =
          fill(exchange.basic().user(), holes, v -> v)
              + ":"
              + fill(exchange.basic().password(), holes, v -> v);
      b.setHeader(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    HttpRequest.BodyPublisher body =
        exchange.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body(exchange.body(), holes));
    return b.method(exchange.method(), body);
  }

  /** A body template filled for {@code holes}, each value escaped as {@link #bodyValue} says. */
  static String body(String template, Holes holes) {
    return fill(template, holes, v -> bodyValue(template, v));
  }

  private static final java.util.regex.Pattern HOLE =
      java.util.regex.Pattern.compile("\\{(detail|part|companion):([A-Za-z0-9._-]+)\\}");

  /** {@code template} with every hole filled, each value passed through {@code encode}. */
  static String fill(
      String template, Holes holes, java.util.function.UnaryOperator<String> encode) {
    java.util.regex.Matcher m = HOLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2);
      String value =
          switch (kind) {
            case "detail" -> holes.details().get(name);
            case "part" -> holes.parts().get(name);
            default -> holes.companions().get(name);
          };
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            switch (kind) {
              case "detail" ->
                  "needs the " + name + " the check reads, which the issuer did not tell";
              case "part" ->
                  "the secret has no " + name + " part in the form the catalogue expects";
              default -> "needs companion " + name + ", which was not found beside the secret";
            });
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(encode.apply(value)));
    }
    m.appendTail(out);
    return out.toString().replace("{token}", encode.apply(holes.secret()));
  }

  /** The companions a catalogue template names. */
  static java.util.Set<String> companionsIn(String template) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    if (template != null) {
      java.util.regex.Matcher m = HOLE.matcher(template);
      while (m.find()) {
        if (m.group(1).equals("companion")) {
          names.add(m.group(2));
        }
      }
    }
    return names;
  }

  /** A path template filled for {@code holes}, values URL-encoded. */
  static String path(String template, Holes holes) {
    return fill(template, holes, Exchanges::urlEncode);
  }

  static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /**
   * The secret as a body carries it: JSON-escaped in a JSON body (one starting with <code>{</code>
   * or {@code [}), URL-encoded in a form body ({@code token={token}}).
   */
  static String bodyValue(String bodyTemplate, String secret) {
    String t = bodyTemplate.trim();
    return t.startsWith("{") || t.startsWith("[") ? jsonEscape(secret) : urlEncode(secret);
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
      // '*' asks only that a value be there (a GraphQL mutation's deleted id, whatever it is).
      boolean any = j.getValue().contains("*") && !v.isNull();
      if (!v.isValueNode() || !(any || j.getValue().contains(v.asText()))) {
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
      answer.header(read.header()).ifPresent(v -> addSplit(v, read.split(), out));
    } else if (read.json() != null && read.json().contains("/*/") && answer.json() != null) {
      // {@code /list/*/field}: that field of each item of a list.
      int star = read.json().indexOf("/*/");
      answer
          .json()
          .at(read.json().substring(0, star))
          .forEach(
              item -> {
                JsonNode v = item.at(read.json().substring(star + 2));
                if (v.isValueNode() && !v.asText().isEmpty()) {
                  out.add(v.asText());
                }
              });
    } else if (read.json() != null && answer.json() != null) {
      JsonNode v = answer.json().at(read.json());
      if (v.isArray()) {
        v.forEach(
            item -> {
              if (item.isValueNode()) {
                out.add(item.asText());
              }
            });
      } else if (v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
        addSplit(v.asText(), read.split(), out);
      }
    }
    if (read.prefix() != null) {
      out.replaceAll(v -> read.prefix() + v);
    }
    return out;
  }

  /** {@code value} as one item, or split at {@code split} (a header's or a JSON string's list). */
  private static void addSplit(String value, String split, List<String> out) {
    if (split == null) {
      if (!value.isBlank()) {
        out.add(value.trim());
      }
      return;
    }
    for (String part : value.split(java.util.regex.Pattern.quote(split))) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
  }

  /**
   * An expiry as issuers write it: ISO instant or offset date-time, GitHub's {@code 2021-09-03
   * 02:34:04 UTC} or {@code … +0200}, a bare date (start of that day, UTC), or epoch seconds. Null
   * when absent or unreadable.
   */
  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    for (java.util.function.Function<String, Instant> parser :
        List.<java.util.function.Function<String, Instant>>of(
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

  /** Now plus {@code seconds} (an {@code expires_in}); null when absent or not a number. */
  static Instant inSeconds(String seconds) {
    try {
      return seconds == null ? null : Instant.now().plusSeconds(Long.parseLong(seconds.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What to say about an answer no outcome explains. */
  static String unexpected(String issuer, Answer answer) {
    if (answer.status() >= 300 && answer.status() < 400) {
      String to =
          answer
              .header("Location")
              .map(
                  l -> {
                    try {
                      return " to " + URI.create(l).getHost();
                    } catch (IllegalArgumentException e) {
                      return "";
                    }
                  })
              .orElse("");
      return issuer
          + " answered with a redirect (HTTP "
          + answer.status()
          + to
          + "), not followed with a credential";
    }
    if (answer.success() && answer.json() == null) {
      return "malformed answer from " + issuer + " (HTTP " + answer.status() + ", not JSON)";
    }
    String message =
        answer.json() == null
            ? null
            : firstText(
                answer.json(),
                "/message",
                "/error/message",
                "/error",
                "/messages/0",
                "/errors/0/message",
                "/errors/0/detail",
                "/errorMessage");
    return "unexpected answer from "
        + issuer
        + ": HTTP "
        + answer.status()
        + (message == null ? "" : " " + shorten(message));
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
    return text.replace(secret, Redactor.redact(secret))
        .replace(urlEncode(secret), Redactor.redact(secret));
  }
}
