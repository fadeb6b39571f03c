package io.leakstop.report;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, which most CI systems show as test results: one failing test case per finding, known
 * (baseline) findings as skipped, problems that made the scan incomplete as errors, and one passing
 * case when nothing was found so the suite is never empty.
 */
public final class JunitReporter implements Reporter {
  @Override
  public String format() {
    return "junit";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    long known = result.findings().stream().filter(options.baseline()::isKnown).count();
    long failures = result.findings().size() - known;
    int errors = result.problems().size();
    long tests = Math.max(1, result.findings().size() + errors);
    String time = String.format(Locale.ROOT, "%.3f", result.stats().elapsed().toNanos() / 1e9);
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "leakstop");
      attributes(x, tests, failures, errors, known, time);
      x.writeCharacters("\n  ");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", Printable.escape("leakstop " + result.source()));
      attributes(x, tests, failures, errors, known, time);
      for (Finding f : result.findings()) {
        writeCase(x, f, options);
      }
      for (ScanProblem p : result.problems()) {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "leakstop.scan");
        x.writeAttribute("name", Printable.escape("read " + p.where()));
        x.writeStartElement("error");
        x.writeAttribute("message", Printable.escape(p.where() + ": " + p.message()));
        x.writeEndElement();
        x.writeEndElement();
      }
      if (tests == 1 && result.findings().isEmpty() && errors == 0) {
        x.writeCharacters("\n    ");
        x.writeEmptyElement("testcase");
        x.writeAttribute("classname", "leakstop.scan");
        x.writeAttribute("name", "no leaks found");
      }
      x.writeCharacters("\n  ");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
    out.flush();
  }

  private static void attributes(
      XMLStreamWriter x, long tests, long failures, int errors, long skipped, String time)
      throws XMLStreamException {
    x.writeAttribute("tests", Long.toString(tests));
    x.writeAttribute("failures", Long.toString(failures));
    x.writeAttribute("errors", Integer.toString(errors));
    x.writeAttribute("skipped", Long.toString(skipped));
    x.writeAttribute("time", time);
  }

  private static void writeCase(XMLStreamWriter x, Finding f, ReportOptions options)
      throws XMLStreamException {
    Location at = f.location();
    x.writeCharacters("\n    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", Printable.escape(at.path()));
    x.writeAttribute("name", Printable.escape(f.ruleId() + " at " + at.display()));
    x.writeAttribute("file", Printable.escape(at.path()));
    x.writeAttribute("line", Integer.toString(at.line()));
    String secret = options.shownSecret(f);
    if (options.baseline().isKnown(f)) {
      x.writeEmptyElement("skipped");
      x.writeAttribute(
          "message", Printable.escape("known: in baseline " + options.baseline().source()));
    } else {
      x.writeStartElement("failure");
      x.writeAttribute("type", Printable.escape(f.ruleId()));
      x.writeAttribute(
          "message",
          Printable.escape(
              (f.description() == null ? f.ruleId() : f.description()) + ": " + secret));
      x.writeCharacters(details(f, secret));
      x.writeEndElement();
    }
    x.writeEndElement();
  }

  private static String details(Finding f, String secret) {
    StringBuilder s = new StringBuilder();
    s.append("secret: ").append(Printable.escape(secret)).append('\n');
    s.append("location: ").append(Printable.escape(f.location().display())).append('\n');
    if (f.decoding() != null) {
      s.append("decoded: ").append(f.decoding()).append('\n');
    }
    CommitInfo commit = f.location().commit();
    if (commit != null) {
      s.append("commit: ")
          .append(commit.id())
          .append(" by ")
          .append(Printable.escape(commit.authorName()))
          .append(" <")
          .append(Printable.escape(commit.authorEmail()))
          .append(">\n");
    }
    if (f.verification() != null) {
      s.append("verified: ")
          .append(Printable.escape(TextReporter.describe(f.verification())))
          .append('\n');
    }
    s.append("fingerprint: ").append(f.fingerprint()).append('\n');
    s.append("what to do: ").append(Rotation.forIssuer(f.issuer()).summary()).append('\n');
    return s.toString();
  }
}
