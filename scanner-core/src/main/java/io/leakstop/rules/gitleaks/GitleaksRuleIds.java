package io.leakstop.rules.gitleaks;

import io.leakstop.rules.RuleSet;
import java.util.List;
import java.util.Map;

/**
 * Which leakstop rules stand for a rule of gitleaks' default configuration, so that
 * {@code disabledRules}, {@code targetRules}, {@code .gitleaksignore} and gitleaks baselines written
 * against gitleaks' ids keep working. Only obvious correspondences are listed; an id not listed
 * means the leakstop rule of the same id, if there is one.
 */
public final class GitleaksRuleIds {
  private static final Map<String, List<String>> TO_LEAKSTOP =
      Map.ofEntries(
          Map.entry("github-oauth", List.of("github-oauth-token")),
          Map.entry("github-app-token", List.of("github-user-to-server-token", "github-app-installation-token", "github-app-installation-token-v2")),
          Map.entry("gitlab-pat", List.of("gitlab-pat", "gitlab-pat-routable")),
          Map.entry("gitlab-rrt", List.of("gitlab-runner-registration-token")),
          Map.entry("gitlab-ptt", List.of("gitlab-pipeline-trigger-token")),
          Map.entry("gitlab-cicd-job-token", List.of("gitlab-ci-job-token")),
          Map.entry("gitlab-kubernetes-agent-token", List.of("gitlab-agent-token")),
          Map.entry("gitlab-runner-authentication-token", List.of("gitlab-runner-token")),
          Map.entry("slack-webhook-url", List.of("slack-webhook", "slack-workflow-webhook")),
          Map.entry("slack-legacy-bot-token", List.of("slack-legacy-token")),
          Map.entry("aws-access-token", List.of("aws-access-key-id")),
          Map.entry("stripe-access-token", List.of("stripe-live-secret-key", "stripe-restricted-key", "stripe-test-secret-key")),
          Map.entry("openai-api-key", List.of("openai-project-key", "openai-service-account-key", "openai-user-key", "openai-admin-key", "openai-legacy-key")),
          Map.entry("anthropic-admin-api-key", List.of("anthropic-admin-key")),
          Map.entry("private-key", List.of("private-key-rsa", "private-key-ec", "private-key-dsa", "private-key-pkcs8",
              "private-key-encrypted-pkcs8", "private-key-openssh", "private-key-ssh2", "private-key-pgp", "private-key-putty")),
          Map.entry("sendgrid-api-token", List.of("sendgrid-api-key")),
          Map.entry("telegram-bot-api-token", List.of("telegram-bot-token")),
          Map.entry("shopify-custom-access-token", List.of("shopify-custom-app-token")),
          Map.entry("shopify-private-app-access-token", List.of("shopify-private-app-token")),
          Map.entry("hashicorp-tf-api-token", List.of("terraform-cloud-token")),
          Map.entry("huggingface-organization-api-token", List.of("huggingface-org-token")),
          Map.entry("databricks-api-token", List.of("databricks-pat")),
          Map.entry("pulumi-api-token", List.of("pulumi-access-token")),
          Map.entry("grafana-cloud-api-token", List.of("grafana-cloud-token")),
          Map.entry("grafana-service-account-token", List.of("grafana-service-account-token")),
          Map.entry("postman-api-token", List.of("postman-api-key")),
          Map.entry("sentry-org-token", List.of("sentry-org-token")),
          Map.entry("sentry-user-token", List.of("sentry-user-token")),
          Map.entry("sentry-access-token", List.of("sentry-legacy-auth-token")),
          Map.entry("new-relic-user-api-key", List.of("newrelic-user-api-key")),
          Map.entry("new-relic-insert-key", List.of("newrelic-insert-key")),
          Map.entry("new-relic-browser-api-token", List.of("newrelic-browser-key")),
          Map.entry("mailgun-private-api-token", List.of("mailgun-api-key")),
          Map.entry("mailchimp-api-key", List.of("mailchimp-api-key")),
          Map.entry("twilio-api-key", List.of("twilio-api-key")),
          Map.entry("heroku-api-key", List.of("heroku-api-key", "heroku-legacy-api-key")),
          Map.entry("doppler-api-token", List.of("doppler-personal-token", "doppler-service-token", "doppler-cli-token",
              "doppler-service-account-token", "doppler-scim-token", "doppler-audit-token")),
          Map.entry("azure-ad-client-secret", List.of("azure-ad-client-secret")),
          Map.entry("airtable-api-key", List.of("airtable-legacy-api-key")),
          Map.entry("vault-service-token", List.of("vault-service-token", "vault-legacy-token")),
          Map.entry("linear-api-key", List.of("linear-api-key")),
          Map.entry("age-secret-key", List.of("age-secret-key")));

  private GitleaksRuleIds() {}

  /** The table, for the test that keeps it in step with the catalogue. */
  static Map<String, List<String>> table() {
    return TO_LEAKSTOP;
  }

  /**
   * The rules of {@code rules} that {@code id} names: the rule of that id if there is one, else the
   * leakstop rules standing for that gitleaks id; empty when neither exists.
   */
  public static List<String> resolve(String id, RuleSet rules) {
    if (rules.get(id).isPresent()) {
      return List.of(id);
    }
    return TO_LEAKSTOP.getOrDefault(id, List.of()).stream().filter(r -> rules.get(r).isPresent()).toList();
  }

  /** Whether a finding of leakstop rule {@code ruleId} is one gitleaks would report as {@code gitleaksId}. */
  public static boolean sameRule(String gitleaksId, String ruleId) {
    return gitleaksId.equals(ruleId) || TO_LEAKSTOP.getOrDefault(gitleaksId, List.of()).contains(ruleId);
  }
}
