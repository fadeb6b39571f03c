package io.leakstop.scan;

/**
 * One scan as asked for: what to scan, what to look for, what to ask the issuers, how to report and
 * when to fail. {@link Pipeline#run} carries it out. Build with {@link #builder()}; each group
 * defaults to what {@code leakstop scan} does without options.
 */
public record ScanRequest(
    SourceChoice source, Detection detection, IssuerPolicy issuers, Outputs outputs) {
  public static Builder builder() {
    return new Builder();
  }

  /** Named groups; unset groups are the defaults. */
  public static final class Builder {
    private SourceChoice source = SourceChoice.builder().build();
    private Detection detection = Detection.builder().build();
    private IssuerPolicy issuers = IssuerPolicy.NONE;
    private Outputs outputs = Outputs.builder().build();

    public Builder source(SourceChoice value) {
      source = value;
      return this;
    }

    public Builder detection(Detection value) {
      detection = value;
      return this;
    }

    public Builder issuers(IssuerPolicy value) {
      issuers = value;
      return this;
    }

    public Builder outputs(Outputs value) {
      outputs = value;
      return this;
    }

    public ScanRequest build() {
      return new ScanRequest(source, detection, issuers, outputs);
    }
  }
}
