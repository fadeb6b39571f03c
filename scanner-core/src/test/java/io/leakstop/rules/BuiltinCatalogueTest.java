package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled catalogue the build writes is the YAML catalogue, and a broken one is refused. */
class BuiltinCatalogueTest {
  private static final ClassLoader CLASS_PATH = BuiltinCatalogueTest.class.getClassLoader();

  @TempDir Path classes;

  @Test
  void compiledTreesAreTheYamlTreesWithTheLineOfEveryValue() {
    List<YamlTree> yaml = BuiltinCatalogue.yaml(CLASS_PATH);
    List<YamlTree> compiled =
        BuiltinCatalogue.compiled(CLASS_PATH)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the build (process-classes) wrote no current compiled catalogue"));
    assertEquals(
        yaml.stream().map(YamlTree::file).toList(), compiled.stream().map(YamlTree::file).toList());
    for (int i = 0; i < yaml.size(); i++) {
      String file = yaml.get(i).file();
      assertEquals(yaml.get(i).root(), compiled.get(i).root(), file);
      assertEquals(nodeTypes(yaml.get(i)), nodeTypes(compiled.get(i)), file);
      assertEquals(yaml.get(i).lines(), compiled.get(i).lines(), file);
    }
  }

  @Test
  void builtinRulesAreTheRulesParsedFromYamlFieldByField() {
    assertTrue(
        BuiltinCatalogue.compiled(CLASS_PATH).isPresent(),
        "RuleSet.builtin() must be read from the compiled form");
    List<Rule> fromYaml = RuleSet.fromFiles(BuiltinCatalogue.yaml(CLASS_PATH), false).rules();
    List<Rule> builtin = RuleSet.builtin().rules();
    assertTrue(fromYaml.size() > 100, "the catalogue has its rules: " + fromYaml.size());
    assertEquals(fromYaml.stream().map(Rule::id).toList(), builtin.stream().map(Rule::id).toList());
    for (int i = 0; i < fromYaml.size(); i++) {
      assertEquals(contents(fromYaml.get(i)), contents(builtin.get(i)), fromYaml.get(i).id());
    }
    // The comparison sees what differs between rules, regexes and their flags included.
    assertNotEquals(contents(fromYaml.get(0)), contents(fromYaml.get(1)));
    assertNotEquals(
        contents(Pattern.compile("a")), contents(Pattern.compile("a", Pattern.CASE_INSENSITIVE)));
  }

  @Test
  void everyKindOfValueReadsBackAsWritten() throws IOException {
    YamlTree tree =
        YamlTree.parse(
            "rules/kinds.yaml",
            """
            big: 12345678901234
            negative: -7
            ratio: -2.5e-3
            text: "h\u00e9llo \u2713"
            t: true
            f: false
            nothing: null
            list: [1, [2, {a: b}], []]
            """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    tree.writeTo(out);
    out.flush();
    YamlTree.Input in = new YamlTree.Input(bytes.toByteArray());
    YamlTree back = YamlTree.readFrom(in);
    assertEquals(0, in.available());
    assertEquals("rules/kinds.yaml", back.file());
    assertEquals(tree.root(), back.root());
    assertEquals(nodeTypes(tree), nodeTypes(back));
    assertEquals(tree.lines(), back.lines());
    assertEquals("LongNode", nodeTypes(back).get("/big"));
    assertEquals("h\u00e9llo \u2713", back.root().get("text").asText());
  }

  @Test
  void withoutACompiledFileTheYamlIsParsed() throws IOException {
    yamlFile("acme.yaml", rule("acme-key"));
    assertTrue(BuiltinCatalogue.compiled(classPath()).isEmpty());
    List<Rule> rules = RuleSet.fromFiles(BuiltinCatalogue.files(classPath()), false).rules();
    assertEquals(List.of("acme-key"), rules.stream().map(Rule::id).toList());
    assertEquals("rules/acme.yaml:3", rules.get(0).source());
  }

  @Test
  void aCompiledFileIsUsedUntilYamlBesideItIsEditedOrAdded() throws IOException {
    Path acme = yamlFile("acme.yaml", rule("acme-key"));
    BuiltinCatalogue.compile(classPath(), classes);
    assertTrue(BuiltinCatalogue.compiled(classPath()).isPresent());

    // An IDE copies an edited rule file without running the build step: the YAML wins.
    Files.writeString(acme, rule("acme-token"));
    Files.setLastModifiedTime(acme, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertTrue(BuiltinCatalogue.compiled(classPath()).isEmpty());
    assertEquals(
        "acme-token",
        RuleSet.fromFiles(BuiltinCatalogue.files(classPath()), false).rules().get(0).id());

    BuiltinCatalogue.compile(classPath(), classes);
    Files.setLastModifiedTime(acme, FileTime.fromMillis(0));
    yamlFile("zeta.yaml", rule("zeta-key"));
    Files.setLastModifiedTime(
        classes.resolve(BuiltinCatalogue.DIR + "zeta.yaml"), FileTime.fromMillis(0));
    assertTrue(
        BuiltinCatalogue.compiled(classPath()).isEmpty(), "a rule file the compiled form lacks");
  }

  @Test
  void compilingABrokenRuleFailsNamingFileAndLine() throws IOException {
    yamlFile("acme.yaml", rule("acme-key").replace("'acme_[a-z0-9]{16}'", "'acme_(unclosed'"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> BuiltinCatalogue.compile(classPath(), classes));
    assertTrue(
        e.getMessage().startsWith("rules/acme.yaml:6: rule 'acme-key': regex is not valid RE2"),
        e.getMessage());
    assertFalse(Files.exists(classes.resolve(BuiltinCatalogue.DIR + BuiltinCatalogue.COMPILED)));
  }

  @Test
  void aCompiledFileOfAnotherFormatIsRefusedAsStale() throws IOException {
    Path compiled = compiledFile();
    byte[] bytes = Files.readAllBytes(compiled);
    bytes[7] = (byte) (BuiltinCatalogue.FORMAT + 1);
    Files.write(compiled, bytes);
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is compiled in catalogue format "
            + (BuiltinCatalogue.FORMAT + 1)
            + " but this leakstop reads format "
            + BuiltinCatalogue.FORMAT
            + ": it is left over from another build; rebuild leakstop (mvn package)");
  }

  @Test
  void aTruncatedCompiledFileIsRefusedAsCorrupt() throws IOException {
    Path compiled = compiledFile();
    byte[] bytes = Files.readAllBytes(compiled);
    Files.write(compiled, Arrays.copyOf(bytes, bytes.length - 3));
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is corrupt (it ends early); rebuild leakstop (mvn package)");
  }

  @Test
  void aCompiledFileWithABadLengthOrExtraBytesIsRefusedAsCorrupt() throws IOException {
    Path compiled = compiledFile();
    byte[] bytes = Files.readAllBytes(compiled);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    Files.write(compiled, longer);
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is corrupt (1 bytes after the last rule file); rebuild leakstop (mvn package)");
    bytes[12] = (byte) 0x80; // the length of the first file name
    Files.write(compiled, bytes);
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is corrupt (bad length "
            + (0x80000000 + "rules/acme.yaml".length())
            + "); rebuild leakstop (mvn package)");
    bytes[12] = (byte) 0x7f;
    Files.write(compiled, bytes);
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is corrupt (it ends early); rebuild leakstop (mvn package)");
  }

  @Test
  void aFileThatIsNoCompiledCatalogueIsRefused() throws IOException {
    Path compiled = compiledFile();
    Files.writeString(compiled, "issuer: acme\n");
    assertRefused(
        "io/leakstop/rules/catalogue/catalogue.bin is not a compiled rule catalogue; rebuild leakstop (mvn package)");
  }

  /**
   * A broken compiled file fails loading instead of falling back to the YAML: it can only come from
   * a broken build, and falling back would hide that (and quietly cost the start-up time it saves).
   */
  private void assertRefused(String message) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> BuiltinCatalogue.files(classPath()));
    assertEquals(message, e.getMessage());
  }

  private Path compiledFile() throws IOException {
    yamlFile("acme.yaml", rule("acme-key"));
    BuiltinCatalogue.compile(classPath(), classes);
    assertEquals(
        "acme-key",
        RuleSet.fromFiles(BuiltinCatalogue.compiled(classPath()).orElseThrow(), false)
            .rules()
            .get(0)
            .id());
    return classes.resolve(BuiltinCatalogue.DIR + BuiltinCatalogue.COMPILED);
  }

  private Path yamlFile(String name, String text) throws IOException {
    Path file = classes.resolve(BuiltinCatalogue.DIR + name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static String rule(String id) {
    return """
        issuer: acme
        rules:
          - id: %s
            keywords: [acme_]
            entropy: 2.5
            regex: 'acme_[a-z0-9]{16}'
            window: 64
            allow: {stopwords: [example]}
        """
        .formatted(id);
  }

  /** Only the temporary classes directory, not the build's: no parent class loader. */
  private ClassLoader classPath() throws IOException {
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
  }

  /**
   * Every node's class by pointer: equal trees could still differ in, say, IntNode against
   * LongNode.
   */
  private static Map<String, String> nodeTypes(YamlTree tree) {
    Map<String, String> types = new LinkedHashMap<>();
    collect(tree.root(), "", types);
    return types;
  }

  private static void collect(JsonNode node, String pointer, Map<String, String> types) {
    types.put(pointer, node.getClass().getSimpleName());
    if (node.isObject()) {
      node.properties().forEach(f -> collect(f.getValue(), pointer + "/" + f.getKey(), types));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, types);
      }
    }
  }

  /**
   * A value's contents in a form that compares with equals: records component by component (so a
   * field added to Rule or Allowlist is compared without changing this test), regexes by their text
   * and flags (Pattern has no equals), checksums by name.
   */
  private static Object contents(Object value) {
    if (value instanceof Pattern pattern) {
      return "Pattern(" + pattern.pattern() + ", flags " + pattern.flags() + ")";
    }
    if (value instanceof Regex regex) {
      return contents(regex.compiled());
    }
    if (value instanceof Allowlist.Clause c) {
      return contents(
          List.of(
              String.valueOf(c.description()),
              c.condition(),
              c.commits(),
              c.paths(),
              c.target(),
              c.regexes(),
              c.stopwords()));
    }
    if (value instanceof Checksum checksum) {
      return "Checksum(" + checksum.name() + ")";
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      list.forEach(item -> items.add(contents(item)));
      return items;
    }
    if (value instanceof Record record) {
      Map<String, Object> components = new LinkedHashMap<>();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          components.put(component.getName(), contents(component.getAccessor().invoke(record)));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return components;
    }
    return value;
  }
}
