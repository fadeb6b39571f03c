package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import io.leakstop.net.Endpoints;
import io.leakstop.rules.ResourceDirectory;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in issuers catalogue (one YAML file per issuer or rule family in {@code catalogue/}
 * next to this class, format in docs/verification.md): for each issuer its base URL, the
 * environment variables that may override it, and per token family how to verify and revoke. It is
 * deliberately not loadable from anywhere else: a scanned repository must not be able to change
 * where secrets are sent.
 */
public final class Catalogue {
  /**
   * The catalogue's folder on the class path; its files are named in errors as in the source tree.
   */
  private static final String DIR = "io/leakstop/issuer/catalogue/";

  private static final String RESOURCE = "the issuer catalogue";
  private static volatile Catalogue builtin;

  private final Map<String, Issuer> issuers;
  private final Map<String, Family> byRule;
  private final List<Family> withoutCheck;

  Catalogue(Map<String, Issuer> issuers, List<Family> withoutCheck) {
    this.issuers = issuers;
    Map<String, Family> rules = new HashMap<>();
    List<Family> all = new ArrayList<>(withoutCheck);
    issuers.values().forEach(issuer -> all.addAll(issuer.families()));
    for (Family family : all) {
      for (String rule : family.rules()) {
        if (rules.put(rule, family) != null) {
          throw new IllegalStateException(RESOURCE + ": rule " + rule + " is listed twice");
        }
      }
    }
    this.byRule = rules;
    this.withoutCheck = List.copyOf(withoutCheck);
  }

  public static Catalogue builtin() {
    Catalogue c = builtin;
    if (c == null) {
      ClassLoader loader = Catalogue.class.getClassLoader();
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      Map<String, JsonNode> files = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> file :
          ResourceDirectory.yamlFiles(loader, DIR, RESOURCE).entrySet()) {
        try {
          files.put(file.getKey(), yaml.readTree(file.getValue()));
        } catch (IOException e) {
          throw new IllegalStateException(
              RESOURCE + ": " + file.getKey() + ": " + e.getMessage(), e);
        }
      }
      c = parse(files);
      builtin = c;
    }
    return c;
  }

  public Map<String, Issuer> issuers() {
    return issuers;
  }

  /**
   * Rules leakstop cannot check (yet), each group with its reason: no issuer API (private keys,
   * passwords), a companion credential it lacks, or a check not yet confirmed in the issuer's
   * documentation; {@link Family#issuer()} is null for them.
   */
  public List<Family> withoutCheck() {
    return withoutCheck;
  }

  /** Every family: the issuers' (in catalogue order) and then those without an issuer. */
  public List<Family> families() {
    List<Family> all = new ArrayList<>();
    issuers.values().forEach(i -> all.addAll(i.families()));
    all.addAll(withoutCheck);
    return all;
  }

  /**
   * The token family a rule's secrets belong to: how to check and revoke them, or why not. Empty
   * for a rule the catalogue does not mention (a rule from a repository's config, or a new rule not
   * yet catalogued).
   */
  public Optional<Family> family(String ruleId) {
    return Optional.ofNullable(byRule.get(ruleId));
  }

  /** One issuer: where its API lives and how many requests may be in flight to it. */
  public record Issuer(
      String name,
      URI defaultUrl,
      List<String> env,
      int concurrency,
      Map<String, String> headers,
      String requestIdHeader,
      List<Family> families,
      List<Region> regions,
      Map<String, Host> hosts) {

    /**
     * The base URL to use: the first of {@link #env()} that is set, else the built-in one. Only
     * https, or http to a loopback address; no user info, query or fragment.
     *
     * @throws IllegalArgumentException naming the variable when its value is not acceptable
     */
    public URI baseUrl(Map<String, String> environment) {
      for (String variable : env) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          return checked(variable, value.trim());
        }
      }
      return defaultUrl;
    }

    /**
     * Whether the environment overrides the base URL (then per-tenant hosts and regions are not
     * used either).
     */
    public boolean overridden(Map<String, String> environment) {
      return env.stream().map(environment::get).anyMatch(v -> v != null && !v.isBlank());
    }

    /**
     * The base URL of the issuer's other host {@code name} ({@code hosts:}), for a request whose
     * {@code via} names it: the first of the host's own variables that is set, else the issuer's
     * overridden URL when {@link #env()} sets one (a simulator or a proxy then sees every request
     * the issuer would), else the host's built-in URL. The same rules as {@link #baseUrl}.
     *
     * @throws IllegalArgumentException naming the variable when its value is not acceptable
     */
    public URI hostUrl(String name, Map<String, String> environment) {
      Host host = hosts.get(name);
      if (host == null) {
        throw new IllegalStateException(
            RESOURCE + ": issuer " + this.name + " has no host " + name);
      }
      for (String variable : host.env()) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          return checked(variable, value.trim());
        }
      }
      return overridden(environment) ? baseUrl(environment) : host.url();
    }

    /**
     * Where a check is sent when the family has no per-tenant host, in order: the URL from the
     * environment if one is set (it replaces the regions), else the issuer's documented regions,
     * else its built-in URL. A secret is reported inactive only when every one of them calls it
     * invalid.
     */
    public List<Region> checkUrls(Map<String, String> environment) {
      if (overridden(environment) || regions.isEmpty()) {
        return List.of(new Region(null, baseUrl(environment), List.of()));
      }
      return regions;
    }

    private static URI checked(String variable, String value) {
      return Endpoints.checked(variable, value);
    }

    /** Literal loopback names only: resolving a name would let DNS decide where a secret goes. */
    static boolean isLoopback(String host) {
      return Endpoints.isLoopback(host);
    }
  }

  /**
   * Tokens of one kind at one issuer, by rule id. {@code verify} null means unverifiable (with
   * {@code unverifiable} as the reason); revocation is one of {@code revoke} (declarative), {@code
   * revokeHandler} (logic in Java) or {@code notSupported} (the reason).
   *
   * @param format the whole secret must match before it is sent to the issuer
   */
  public record Family(
      String issuer,
      List<String> rules,
      Pattern format,
      Exchange verify,
      String unverifiable,
      Exchange revoke,
      String revokeHandler,
      String notSupported,
      RevokeNotes revokeNotes,
      Map<String, CompanionSpec> companions,
      HostSpec host,
      String verifyHandler,
      RevokeNotes verifyNotes) {

    /**
     * The named groups of {@link #format()}: the parts a request may name as {@code {part:NAME}}.
     */
    public java.util.Set<String> partNames() {
      return format == null ? java.util.Set.of() : format.namedGroups().keySet();
    }

    /** A name for messages and test names: issuer and first rule. */
    public String label() {
      return (issuer == null ? "-" : issuer) + "/" + rules.get(0);
    }

    public boolean verifiable() {
      return verify != null || verifyHandler != null;
    }

    /** The companions this family cannot be checked without (all but those marked optional). */
    public List<String> requiredCompanions() {
      return companions.entrySet().stream()
          .filter(e -> !e.getValue().optional())
          .map(Map.Entry::getKey)
          .toList();
    }

    public boolean accepts(String secret) {
      return format == null || format.matches(secret);
    }

    /**
     * The named groups of {@code format} ({@code (?P<name>…)}) in {@code secret}, for a request's
     * {@code {part:NAME}}: the pieces of a credential that travels as a URL (a webhook's id and
     * token). Empty when the format names none or does not match.
     */
    public Map<String, String> parts(String secret) {
      Map<String, String> out = new LinkedHashMap<>();
      if (format == null) {
        return out;
      }
      com.google.re2j.Matcher m = format.matcher(secret);
      if (!m.matches()) {
        return out;
      }
      for (String name : partNames()) {
        String value = m.group(name);
        if (value != null) {
          out.put(name, value);
        }
      }
      return out;
    }

    public boolean revocable() {
      return revoke != null || revokeHandler != null;
    }
  }

  /**
   * Another part of the credential the detector attaches to a finding ({@code
   * Finding.companions()}), which a request may use as {@code {companion:NAME}}.
   *
   * @param means what it is, for "needs companion: …"
   * @param format RE2 the whole value must match before it is used anywhere, or null
   * @param example a value of that form, which tests attach to the family's findings
   * @param optional the check can be made without it (a host with a default)
   */
  public record CompanionSpec(String means, Pattern format, String example, boolean optional) {}

  /**
   * A per-tenant host (an Okta org, a Shopify shop): taken from a companion (or, for Mailchimp,
   * from the secret's own data-centre suffix), put into {@code template} ({@code {value}}), and
   * used only if it is one of the issuer's documented domains ({@code allow}: {@code *} stands for
   * exactly one DNS label). A hostile repository cannot send a secret anywhere else.
   *
   * @param companion the companion holding the host (or a part of it), or null when {@code secret}
   *     is set
   * @param secret RE2 with a group {@code value} taken from the secret itself, or null
   * @param fallback the host when the companion is absent and optional, or null
   */
  public record HostSpec(
      String companion, Pattern secret, String template, List<String> allow, String fallback) {}

  /**
   * One of an issuer's documented regional API hosts ({@code regions:}), built in like every URL of
   * the catalogue; {@code name} is null for the single URL of an issuer without regions.
   */
  public record Region(String name, URI url, List<String> docs) {}

  /**
   * Another documented host of the same issuer ({@code hosts:}), for the requests whose {@code via}
   * names it: DigitalOcean revokes tokens on its OAuth server ({@code cloud.digitalocean.com}), not
   * on its API host. Built in like the issuer's URL; only {@code env} (each {@code LEAKSTOP_…}) may
   * replace it.
   */
  public record Host(String name, URI url, List<String> env, List<String> docs) {}

  /**
   * What the catalogue says about a revocation done in Java ({@code revoke: {handler: …}}): its
   * documentation and what the token needs for it.
   */
  public record RevokeNotes(List<String> docs, String needs, Map<String, Example> examples) {}

  /**
   * A request and how to read its answer.
   *
   * @param path may hold {@code {token}} (URL-encoded) and, for a revocation, {@code
   *     {detail:NAME}}: a detail the check read from the issuer's answer (URL-encoded)
   * @param basic HTTP Basic credentials ({@code {token}} in user or password), or null
   * @param docs the issuer's documentation of the endpoint and of its answers
   * @param needs what the token must be allowed to do for this request (a scope), or null
   * @param examples the issuer's documented answers by kind ({@code live}, {@code invalid}, {@code
   *     revoked}), which the loopback simulator replays in tests
   * @param lookup for a revocation, how it first finds this very token's id, or null
   * @param via the issuer's other host ({@link Issuer#hosts()}) this request goes to, or null for
   *     the issuer's URL (or region, or tenant host)
   */
  public record Exchange(
      String method,
      String path,
      Map<String, String> headers,
      Basic basic,
      String body,
      List<Outcome> outcomes,
      Read owner,
      Read scopes,
      Read expires,
      Map<String, Read> details,
      List<String> docs,
      String needs,
      Map<String, Example> examples,
      Lookup lookup,
      String via) {}

  /**
   * How a revocation finds the id of the very token it ends when the check cannot tell it: a
   * request the token itself makes that answers a list ({@code items}, a JSON pointer; empty for
   * the whole answer), the one item whose {@code match} field equals the secret exactly, and the
   * {@code details} of the request read from that item (pointers into it), for the revocation's
   * {@code {detail:NAME}}. No such item, or more than one, and nothing is revoked: leakstop never
   * takes an id it cannot tie to the secret.
   *
   * <p>{@code only} instead of {@code match}: the list names what the token itself belongs to (the
   * organizations a PlanetScale service token may act in, one for a token of one organization), and
   * its details are read from the list's only item; an empty list or several items, and nothing is
   * revoked: leakstop never chooses among them.
   *
   * @param masked for an issuer whose list shows each key masked, how: one mask character (Vultr's
   *     {@code *******************************00000}), and an item matches when it has the secret's
   *     length and every character it shows is the secret's at that place; or a longer elision
   *     (OpenAI's {@code sk-admin...def}, {@code "..."}), and an item matches when the secret
   *     starts with what precedes it and ends with what follows it. Either way at least {@link
   *     #MASKED_MIN_SHOWN} characters must be shown; null for an exact match
   */
  public record Lookup(Exchange request, String items, String match, String masked, boolean only) {
    /** Fewer characters shown than this, and a masked entry ties to no secret. */
    public static final int MASKED_MIN_SHOWN = 4;

    /** Whether the listed {@code value} is the secret (exactly, or as its masked form). */
    public boolean matches(String value, String secret) {
      if (masked == null) {
        return value.equals(secret);
      }
      if (masked.length() > 1) {
        int at = value.indexOf(masked);
        if (at < 0 || value.indexOf(masked, at + 1) >= 0) {
          return false;
        }
        String head = value.substring(0, at);
        String tail = value.substring(at + masked.length());
        return head.length() + tail.length() >= MASKED_MIN_SHOWN
            && head.length() + tail.length() < secret.length()
            && secret.startsWith(head)
            && secret.endsWith(tail);
      }
      if (value.length() != secret.length()) {
        return false;
      }
      int shown = 0;
      for (int i = 0; i < value.length(); i++) {
        if (masked.indexOf(value.charAt(i)) >= 0) {
          continue;
        }
        if (value.charAt(i) != secret.charAt(i)) {
          return false;
        }
        shown++;
      }
      return shown >= MASKED_MIN_SHOWN;
    }
  }

  /** HTTP Basic credentials; either part may be {@code {token}}. */
  public record Basic(String user, String password) {}

  /** An answer as the issuer documents it: status, headers and body. */
  public record Example(int status, Map<String, String> headers, String body) {}

  /**
   * A condition on an answer and what it means. {@code json} maps a JSON pointer to the accepted
   * values (as text); {@code header} maps a header to a value or {@code *} for any; {@code body} is
   * a substring the body must contain.
   */
  public record Outcome(
      Set<Integer> status,
      Map<String, Set<String>> json,
      Map<String, String> header,
      String body,
      String result,
      String reason,
      Read reasonFrom) {}

  /**
   * A value read from an answer: a header (split into a list if {@code split}) or a JSON pointer.
   */
  public record Read(
      String header, String json, String split, String prefix, boolean relativeSeconds) {}

  static Catalogue parse(JsonNode root) {
    return parse(Map.of("catalogue.yaml", root));
  }

  /**
   * The catalogue from its files, in the order given: each may hold {@code issuers} and {@code
   * without-check}; an issuer or a rule named in two files is an error naming both.
   */
  static Catalogue parse(Map<String, JsonNode> files) {
    Map<String, Issuer> issuers = new LinkedHashMap<>();
    Map<String, String> issuerFile = new HashMap<>();
    Map<String, String> ruleFile = new HashMap<>();
    List<Family> withoutCheck = new ArrayList<>();
    files.forEach(
        (file, root) -> {
          root.path("issuers")
              .properties()
              .forEach(
                  e -> {
                    String earlier = issuerFile.putIfAbsent(e.getKey(), file);
                    if (earlier != null) {
                      throw new IllegalStateException(
                          RESOURCE
                              + ": issuer "
                              + e.getKey()
                              + " is defined in "
                              + earlier
                              + " and in "
                              + file);
                    }
                    Issuer issuer = issuer(e.getKey(), e.getValue());
                    issuer.families().forEach(f -> claim(ruleFile, f, file));
                    issuers.put(e.getKey(), issuer);
                  });
          for (JsonNode group : root.path("without-check")) {
            Family family = family(null, group);
            claim(ruleFile, family, file);
            withoutCheck.add(family);
          }
        });
    return new Catalogue(java.util.Collections.unmodifiableMap(issuers), withoutCheck);
  }

  private static void claim(Map<String, String> ruleFile, Family family, String file) {
    for (String rule : family.rules()) {
      String earlier = ruleFile.putIfAbsent(rule, file);
      if (earlier != null) {
        throw new IllegalStateException(
            RESOURCE
                + ": rule "
                + rule
                + " is listed in "
                + earlier
                + (earlier.equals(file) ? " twice" : " and in " + file));
      }
    }
  }

  private static Issuer issuer(String name, JsonNode n) {
    List<Family> families = new ArrayList<>();
    for (JsonNode f : n.path("families")) {
      families.add(family(name, f));
    }
    Map<String, Host> hosts = hosts(name, n.path("hosts"));
    families.forEach(f -> checkVia(name, f, hosts));
    return new Issuer(
        name,
        URI.create(n.path("url").asText()),
        strings(n.path("env")),
        n.path("concurrency").asInt(8),
        map(n.path("headers")),
        n.path("request-id").isMissingNode() ? null : n.path("request-id").asText(),
        List.copyOf(families),
        regions(name, n.path("regions"), n.path("url").asText()),
        hosts);
  }

  /**
   * {@code hosts:} by name, each with an https {@code url}, its own {@code env} variables ({@code
   * LEAKSTOP_…}) and {@code docs}.
   */
  private static Map<String, Host> hosts(String issuer, JsonNode n) {
    Map<String, Host> hosts = new LinkedHashMap<>();
    n.properties()
        .forEach(
            e -> {
              JsonNode h = e.getValue();
              Host host =
                  new Host(
                      e.getKey(),
                      URI.create(h.path("url").asText()),
                      strings(h.path("env")),
                      strings(h.path("docs")));
              if (!"https".equals(host.url().getScheme())
                  || host.url().getHost() == null
                  || host.docs().isEmpty()
                  || host.env().isEmpty()
                  || !host.env().stream().allMatch(v -> v.matches("LEAKSTOP_[A-Z0-9_]+_URL"))) {
                throw new IllegalStateException(
                    RESOURCE
                        + ": issuer "
                        + issuer
                        + ": host "
                        + e.getKey()
                        + " needs an https url, docs and env variables named LEAKSTOP_…_URL");
              }
              hosts.put(e.getKey(), host);
            });
    return java.util.Collections.unmodifiableMap(hosts);
  }

  /**
   * Each {@code via} of the family's requests names one of the issuer's {@code hosts}, and a family
   * with a per-tenant host has none (the tenant's host is the one place its secrets go).
   */
  private static void checkVia(String issuer, Family family, Map<String, Host> hosts) {
    List<Exchange> requests = new ArrayList<>();
    requests.add(family.verify());
    requests.add(family.revoke());
    if (family.revoke() != null && family.revoke().lookup() != null) {
      requests.add(family.revoke().lookup().request());
    }
    for (Exchange e : requests) {
      if (e == null || e.via() == null) {
        continue;
      }
      if (!hosts.containsKey(e.via())) {
        throw new IllegalStateException(
            RESOURCE + ": issuer " + issuer + ": `via: " + e.via() + "` is not under `hosts`");
      }
      if (family.host() != null) {
        throw new IllegalStateException(
            RESOURCE
                + ": issuer "
                + issuer
                + ": "
                + family.rules().get(0)
                + " has a per-tenant host and a request `via` another host");
      }
    }
  }

  /**
   * {@code regions:} each with {@code name}, {@code url}, {@code docs}; the first must be {@code
   * url}.
   */
  private static List<Region> regions(String issuer, JsonNode n, String url) {
    List<Region> regions = new ArrayList<>();
    for (JsonNode r : n) {
      Region region =
          new Region(
              r.path("name").asText(), URI.create(r.path("url").asText()), strings(r.path("docs")));
      if (region.name().isEmpty()
          || region.docs().isEmpty()
          || !"https".equals(region.url().getScheme())) {
        throw new IllegalStateException(
            RESOURCE + ": issuer " + issuer + ": a region needs a name, an https url and docs");
      }
      regions.add(region);
    }
    if (!regions.isEmpty() && !regions.get(0).url().toString().equals(url)) {
      throw new IllegalStateException(
          RESOURCE + ": issuer " + issuer + ": the first region must be its url");
    }
    return List.copyOf(regions);
  }

  private static Family family(String issuer, JsonNode n) {
    JsonNode revoke = n.path("revoke");
    JsonNode verify = n.path("verify");
    boolean declarative = revoke.has("method");
    Map<String, CompanionSpec> companions = new LinkedHashMap<>();
    n.path("companions")
        .properties()
        .forEach(
            e ->
                companions.put(
                    e.getKey(),
                    new CompanionSpec(
                        e.getValue().path("means").asText(e.getKey()),
                        e.getValue().has("format")
                            ? Pattern.compile(e.getValue().path("format").asText())
                            : null,
                        text(e.getValue(), "example"),
                        e.getValue().path("optional").asBoolean(false))));
    JsonNode host = n.path("host");
    if (!host.isMissingNode() && !host.isObject()) {
      throw new IllegalStateException(
          RESOURCE + ": " + issuer + ": `host` must be a mapping (YAML aliases are not read)");
    }
    HostSpec hostSpec =
        host.isObject()
            ? new HostSpec(
                text(host, "companion"),
                host.has("secret") ? Pattern.compile(host.path("secret").asText()) : null,
                host.path("template").asText("{value}"),
                strings(host.path("allow")),
                text(host, "default"))
            : null;
    if (hostSpec != null
        && (hostSpec.allow().isEmpty()
            || (hostSpec.companion() == null) == (hostSpec.secret() == null))) {
      throw new IllegalStateException(
          RESOURCE
              + ": "
              + issuer
              + ": a per-tenant host needs `allow` and either `companion` or `secret`");
    }
    if (hostSpec != null
        && hostSpec.companion() != null
        && !companions.containsKey(hostSpec.companion())) {
      throw new IllegalStateException(
          RESOURCE
              + ": "
              + issuer
              + ": host companion "
              + hostSpec.companion()
              + " is not under `companions`");
    }
    return new Family(
        issuer,
        strings(n.path("rules")),
        n.has("format") ? Pattern.compile(n.path("format").asText()) : null,
        verify.has("method") ? exchange(verify) : null,
        text(n, "unverifiable"),
        declarative ? exchange(revoke) : null,
        text(revoke, "handler"),
        issuer == null && !revoke.has("not-supported")
            ? text(n, "unverifiable")
            : text(revoke, "not-supported"),
        revoke.has("handler")
            ? new RevokeNotes(strings(revoke.path("docs")), text(revoke, "needs"), examples(revoke))
            : null,
        java.util.Collections.unmodifiableMap(companions),
        hostSpec,
        text(verify, "handler"),
        verify.has("handler")
            ? new RevokeNotes(strings(verify.path("docs")), text(verify, "needs"), examples(verify))
            : null);
  }

  private static Exchange exchange(JsonNode n) {
    List<Outcome> outcomes = new ArrayList<>();
    for (JsonNode o : n.path("outcomes")) {
      outcomes.add(outcome(o));
    }
    Map<String, Read> details = new LinkedHashMap<>();
    n.path("details").properties().forEach(e -> details.put(e.getKey(), read(e.getValue())));
    Map<String, Example> examples = examples(n);
    JsonNode basic = n.path("basic");
    return new Exchange(
        n.path("method").asText("GET"),
        n.path("path").asText(),
        map(n.path("headers")),
        basic.isObject()
            ? new Basic(basic.path("user").asText(""), basic.path("password").asText(""))
            : null,
        text(n, "body"),
        List.copyOf(outcomes),
        read(n.path("owner")),
        read(n.path("scopes")),
        read(n.path("expires")),
        details,
        strings(n.path("docs")),
        text(n, "needs"),
        examples,
        n.path("lookup").isObject() ? lookup(n.path("lookup")) : null,
        text(n, "via"));
  }

  private static Lookup lookup(JsonNode n) {
    String match = text(n, "match");
    boolean only = n.path("only").asBoolean(false);
    if ((match == null) == !only) {
      throw new IllegalStateException(
          "a revocation's lookup needs either `match` (the field equal to the secret) or `only:"
              + " true` (the list's only item), not "
              + (only ? "both" : "neither"));
    }
    return new Lookup(exchange(n), n.path("items").asText(""), match, text(n, "masked"), only);
  }

  private static Map<String, Example> examples(JsonNode n) {
    Map<String, Example> examples = new LinkedHashMap<>();
    n.path("examples")
        .properties()
        .forEach(
            e ->
                examples.put(
                    e.getKey(),
                    new Example(
                        e.getValue().path("status").asInt(200),
                        map(e.getValue().path("headers")),
                        e.getValue().path("body").asText(""))));
    return examples;
  }

  private static Outcome outcome(JsonNode n) {
    Set<Integer> status = new LinkedHashSet<>();
    n.path("status").forEach(s -> status.add(s.asInt()));
    Map<String, Set<String>> json = new LinkedHashMap<>();
    n.path("json")
        .properties()
        .forEach(e -> json.put(e.getKey(), Set.copyOf(strings(e.getValue()))));
    JsonNode reason = n.path("reason");
    return new Outcome(
        Set.copyOf(status),
        json,
        map(n.path("header")),
        text(n, "body"),
        n.path("result").asText(),
        reason.isTextual() ? reason.asText() : null,
        reason.isObject() ? read(reason) : null);
  }

  private static Read read(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    return new Read(
        text(n, "header"),
        text(n, "json"),
        text(n, "split"),
        text(n, "prefix"),
        "seconds-from-now".equals(text(n, "as")));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() ? v.asText() : null;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    } else if (n.isValueNode()) {
      out.add(n.asText());
    }
    return List.copyOf(out);
  }

  private static Map<String, String> map(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
