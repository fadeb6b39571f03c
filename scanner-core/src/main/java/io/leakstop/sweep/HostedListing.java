package io.leakstop.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.net.Endpoints;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists an organisation's repositories on GitHub (or GitHub Enterprise through {@code
 * GITHUB_API_URL}) and a group's projects on GitLab (through {@code GITLAB_API_URL}). Tokens come
 * from the environment only ({@code GITHUB_TOKEN}, {@code GITLAB_TOKEN}).
 */
public final class HostedListing {
  public static final String GITHUB_API = "https://api.github.com";
  public static final String GITLAB_API = "https://gitlab.com/api/v4";

  private final HttpClient http;
  private final Map<String, String> env;

  public HostedListing(HttpClient http, Map<String, String> env) {
    this.http = http;
    this.env = Map.copyOf(env);
  }

  public HostedListing(Map<String, String> env) {
    this(PagedApi.defaultClient(), env);
  }

  public List<Target> githubOrg(String org, boolean includeForks, boolean includeArchived)
      throws IOException {
    String api = api("GITHUB_API_URL", GITHUB_API);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    headers.put("User-Agent", "leakstop-sweep");
    String token = env.get("GITHUB_TOKEN");
    if (token != null && !token.isBlank()) {
      headers.put("Authorization", "Bearer " + token.trim());
    }
    PagedApi pages = new PagedApi(http, "GitHub organisation " + org, headers);
    List<Target> targets = new ArrayList<>();
    for (JsonNode repo :
        pages.all(URI.create(api + "/orgs/" + encode(org) + "/repos?type=all&per_page=100"))) {
      if (!includeForks && repo.path("fork").asBoolean(false)) {
        continue;
      }
      if (!includeArchived && repo.path("archived").asBoolean(false)) {
        continue;
      }
      String url = repo.path("clone_url").asText("");
      if (!url.isEmpty()) {
        targets.add(Target.of(url));
      }
    }
    return TargetList.distinct(targets);
  }

  public List<Target> gitlabGroup(String group, boolean includeForks, boolean includeArchived)
      throws IOException {
    String api = api("GITLAB_API_URL", GITLAB_API);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "leakstop-sweep");
    String token = env.get("GITLAB_TOKEN");
    if (token != null && !token.isBlank()) {
      headers.put("PRIVATE-TOKEN", token.trim());
    }
    PagedApi pages = new PagedApi(http, "GitLab group " + group, headers);
    String query =
        "?include_subgroups=true&per_page=100&order_by=id&sort=asc"
            + (includeArchived ? "" : "&archived=false");
    List<Target> targets = new ArrayList<>();
    for (JsonNode project :
        pages.all(URI.create(api + "/groups/" + encode(group) + "/projects" + query))) {
      if (!includeForks && project.has("forked_from_project")) {
        continue;
      }
      if (!includeArchived && project.path("archived").asBoolean(false)) {
        continue;
      }
      String url = project.path("http_url_to_repo").asText("");
      if (!url.isEmpty()) {
        targets.add(Target.of(url));
      }
    }
    return TargetList.distinct(targets);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The API base from {@code variable}, held to the endpoint rule before the token is attached.
   *
   * @throws IllegalArgumentException naming the variable
   */
  private String api(String variable, String fallback) {
    String value = env.get(variable);
    return value == null || value.isBlank()
        ? fallback
        : Endpoints.checked(variable, value).toString();
  }
}
