package io.leakstop.filter;

import io.leakstop.finding.Finding;
import io.leakstop.rules.Allowlist;

/** The config's global allowlist: stopwords and regexes on the secret, regexes on the path. */
public final class AllowlistFilter implements FindingFilter {
  private final Allowlist allowlist;

  public AllowlistFilter(Allowlist allowlist) {
    this.allowlist = allowlist;
  }

  @Override
  public String name() {
    return "allowlist";
  }

  @Override
  public boolean keep(Finding finding) {
    return !allowlist.allowsSecret(finding.secret()) && !allowlist.allowsPath(finding.location().path());
  }
}
