package io.leakstop.rules;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rule catalogue shipped on the class path: its YAML files and their compiled form.
 *
 * <p>The catalogue is written as YAML ({@code rules/*.yaml} in the source tree, copied under {@link
 * #DIR}). Parsing them was a large part of a pre-commit run ({@code bench/catalogue-load.sh};
 * bench/RESULTS.md, Figures from comments), so the build runs {@link #main} (phase {@code
 * process-classes}) to write their parsed trees, lines included, into one binary file, {@value
 * #COMPILED}, next to them. Start-up reads that file and hands the trees to the same {@link
 * RuleParser} the YAML goes through: there is one parser of rules, and errors still name the YAML
 * file and line. Without the file (classes built by an IDE without the Maven step), or when YAML in
 * a classes directory is newer than it, the YAML is parsed as before.
 */
public final class BuiltinCatalogue {
  static final String DIR = "io/leakstop/rules/catalogue/";
  static final String COMPILED = "catalogue.bin";

  /** How catalogue files name themselves in errors: as in the source tree. */
  private static final String SOURCE_DIR = "rules/";

  /** "LSRC", leakstop rule catalogue: a file of anything else is not ours. */
  private static final int MAGIC = 0x4C535243;

  /**
   * The binary form's version (here and in {@link YamlTree#writeTo}); change it with the form, so
   * that a file written by an older build is refused rather than misread.
   */
  static final int FORMAT = 1;

  private BuiltinCatalogue() {}

  /**
   * The build step: {@code BuiltinCatalogue <classes directory>} parses the catalogue's YAML found
   * on the class path, checks every rule (a broken one fails the build, naming file and line) and
   * writes the compiled form into the classes directory.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: BuiltinCatalogue <classes directory>");
    }
    compile(BuiltinCatalogue.class.getClassLoader(), Path.of(args[0]));
  }

  static void compile(ClassLoader loader, Path classes) throws IOException {
    List<YamlTree> files = yaml(loader);
    RuleSet.fromFiles(files, false);
    Path out = classes.resolve(DIR + COMPILED);
    Files.createDirectories(out.getParent());
    Path part = out.resolveSibling(COMPILED + ".part");
    try (OutputStream file = Files.newOutputStream(part)) {
      write(files, file);
    }
    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The catalogue's parsed files: the compiled form when it is there and current, else the YAML.
   */
  static List<YamlTree> files(ClassLoader loader) {
    return compiled(loader).orElseGet(() -> yaml(loader));
  }

  /**
   * The compiled catalogue, or empty when there is none or YAML beside it in a classes directory is
   * newer (edited and copied by an IDE since the last build). A jar is built in one go, so its
   * compiled file is never checked against its YAML. A file that is not a current compiled
   * catalogue is an error: it means a broken build, which falling back would only hide.
   */
  static Optional<List<YamlTree>> compiled(ClassLoader loader) {
    URL url = loader.getResource(DIR + COMPILED);
    if (url == null) {
      return Optional.empty();
    }
    List<YamlTree> files;
    try (InputStream in = url.openStream()) {
      files = read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(DIR + COMPILED + ": cannot read: " + e.getMessage(), e);
    }
    return "file".equals(url.getProtocol()) && olderThanYaml(ResourceDirectory.path(url), files)
        ? Optional.empty()
        : Optional.of(files);
  }

  private static void write(List<YamlTree> files, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    data.writeInt(MAGIC);
    data.writeInt(FORMAT);
    data.writeInt(files.size());
    for (YamlTree file : files) {
      file.writeTo(data);
    }
    data.flush();
  }

  private static List<YamlTree> read(byte[] compiled) {
    YamlTree.Input in = new YamlTree.Input(compiled);
    try {
      if (compiled.length < 8 || in.readInt() != MAGIC) {
        throw new IllegalStateException(
            DIR + COMPILED + " is not a compiled rule catalogue; rebuild leakstop (mvn package)");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalStateException(
            DIR
                + COMPILED
                + " is compiled in catalogue format "
                + format
                + " but this leakstop reads format "
                + FORMAT
                + ": it is left over from another build; rebuild leakstop (mvn package)");
      }
      int count = in.readInt();
      List<YamlTree> files = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        files.add(YamlTree.readFrom(in));
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the last rule file");
      }
      return files;
    } catch (IOException e) {
      String problem = e instanceof EOFException ? "it ends early" : e.getMessage();
      throw new IllegalStateException(
          DIR + COMPILED + " is corrupt (" + problem + "); rebuild leakstop (mvn package)");
    }
  }

  /** The catalogue's YAML files, parsed, in name order. */
  static List<YamlTree> yaml(ClassLoader loader) {
    List<YamlTree> files = new ArrayList<>();
    for (String name : ResourceDirectory.yamlNames(loader, DIR, "the rule catalogue")) {
      try (InputStream in = loader.getResourceAsStream(DIR + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "rule file " + name + " is listed but missing from the jar");
        }
        files.add(
            YamlTree.parse(
                SOURCE_DIR + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static boolean olderThanYaml(Path compiled, List<YamlTree> files) {
    try {
      List<String> yaml = ResourceDirectory.yamlNamesIn(compiled.getParent());
      if (!yaml.stream()
          .map(n -> SOURCE_DIR + n)
          .toList()
          .equals(files.stream().map(YamlTree::file).toList())) {
        return true;
      }
      FileTime built = Files.getLastModifiedTime(compiled);
      for (String name : yaml) {
        if (Files.getLastModifiedTime(compiled.resolveSibling(name)).compareTo(built) > 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
