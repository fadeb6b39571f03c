package io.leakstop.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The event that started a workflow run: its name ({@code GITHUB_EVENT_NAME}) and the webhook
 * payload the runner saved at {@code GITHUB_EVENT_PATH}.
 */
record GithubEvent(String name, JsonNode payload) {
  public static GithubEvent read(String name, Path payloadFile) {
    if (name == null || name.isBlank()) {
      throw new ActionException(
          "GITHUB_EVENT_NAME is not set: run `leakstop github-action` inside a GitHub Actions job");
    }
    if (payloadFile == null) {
      throw new ActionException(
          "GITHUB_EVENT_PATH is not set: run `leakstop github-action` inside a GitHub Actions job");
    }
    try {
      JsonNode payload = new ObjectMapper().readTree(payloadFile.toFile());
      if (payload == null || !payload.isObject()) {
        throw new ActionException(payloadFile + ": the event payload is not a JSON object");
      }
      return new GithubEvent(name.strip(), payload);
    } catch (IOException e) {
      String why =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ActionException(payloadFile + ": cannot read the event payload: " + why);
    }
  }

  /** A string field by JSON pointer, or null when absent. */
  String text(String pointer) {
    JsonNode node = payload.at(pointer);
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  boolean flag(String pointer) {
    return payload.at(pointer).asBoolean(false);
  }
}
