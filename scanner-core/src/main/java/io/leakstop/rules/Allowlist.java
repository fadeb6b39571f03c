package io.leakstop.rules;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a user or a rule says is not a leak: secrets containing a stopword, secrets matching a
 * regex, and paths where the rule (or, globally, every rule) does not apply.
 */
public record Allowlist(List<String> stopwords, List<Pattern> regexes, List<Pattern> paths) {
  public static final Allowlist EMPTY = new Allowlist(List.of(), List.of(), List.of());

  public Allowlist {
    stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    regexes = List.copyOf(regexes);
    paths = List.copyOf(paths);
  }

  public boolean isEmpty() {
    return stopwords.isEmpty() && regexes.isEmpty() && paths.isEmpty();
  }

  public boolean allowsSecret(String secret) {
    if (!stopwords.isEmpty()) {
      String lower = secret.toLowerCase(Locale.ROOT);
      for (String stopword : stopwords) {
        if (lower.contains(stopword)) {
          return true;
        }
      }
    }
    for (Pattern regex : regexes) {
      if (regex.matcher(secret).find()) {
        return true;
      }
    }
    return false;
  }

  public boolean allowsPath(String path) {
    if (path == null) {
      return false;
    }
    for (Pattern pattern : paths) {
      if (pattern.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  public Allowlist plus(Allowlist other) {
    if (other.isEmpty()) {
      return this;
    }
    List<String> words = new ArrayList<>(stopwords);
    words.addAll(other.stopwords);
    List<Pattern> secretRegexes = new ArrayList<>(regexes);
    secretRegexes.addAll(other.regexes);
    List<Pattern> pathRegexes = new ArrayList<>(paths);
    pathRegexes.addAll(other.paths);
    return new Allowlist(words, secretRegexes, pathRegexes);
  }
}
