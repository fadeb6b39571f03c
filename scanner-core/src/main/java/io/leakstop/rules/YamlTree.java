package io.leakstop.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree that remembers the line of every value, so that errors
 * found after parsing (a bad regex, an unknown checksum) can still name the line.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();
  // Value tags of the binary form (writeTo/readFrom); each keeps the exact node type parse() makes.
  private static final byte OBJECT = 1;
  private static final byte ARRAY = 2;
  private static final byte TEXT = 3;
  private static final byte INT = 4;
  private static final byte LONG = 5;
  private static final byte DOUBLE = 6;
  private static final byte TRUE = 7;
  private static final byte FALSE = 8;
  private static final byte NULL = 9;
  private static final int NO_LINE = -1;

  private final String file;
  private final JsonNode root;
  private final Map<String, Integer> lines;

  private YamlTree(String file, JsonNode root, Map<String, Integer> lines) {
    this.file = file;
    this.root = root;
    this.lines = lines;
  }

  /** Parses {@code text}; syntax errors become a {@link ConfigException} naming file and line. */
  public static YamlTree parse(String file, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlTree(file, JsonNodeFactory.instance.objectNode(), lines);
      }
      JsonNode root = read(parser, "", lines);
      return new YamlTree(file, root, lines);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(
          file, line, "not valid YAML: " + RepositoryFiles.parserProblem(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  private static JsonNode read(JsonParser parser, String pointer, Map<String, Integer> lines)
      throws IOException {
    lines.put(pointer, parser.currentTokenLocation().getLineNr());
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String child = pointer + "/" + name;
          lines.put(child, parser.currentTokenLocation().getLineNr());
          parser.nextToken();
          object.set(name, read(parser, child, lines));
          lines.putIfAbsent(child, parser.currentTokenLocation().getLineNr());
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser, pointer + "/" + index++, lines));
        }
        return array;
      }
      case VALUE_STRING -> {
        return nodes.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return nodes.numberNode(parser.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return nodes.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return nodes.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return nodes.booleanNode(false);
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> throw new IOException("unexpected " + parser.currentToken());
    }
  }

  /**
   * Writes this tree, the line of every value included, in the binary form {@link #readFrom} reads:
   * the compiled rule catalogue ({@link BuiltinCatalogue}) is a sequence of these, so that start-up
   * skips YAML parsing but errors still name the YAML file and line.
   */
  void writeTo(DataOutputStream out) throws IOException {
    writeText(out, file);
    write(out, root, "");
  }

  private void write(DataOutputStream out, JsonNode node, String pointer) throws IOException {
    out.writeInt(lines.getOrDefault(pointer, NO_LINE));
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.writeByte(OBJECT);
        out.writeInt(node.size());
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          writeText(out, field.getKey());
          write(out, field.getValue(), pointer + "/" + field.getKey());
        }
      }
      case ARRAY -> {
        out.writeByte(ARRAY);
        out.writeInt(node.size());
        for (int i = 0; i < node.size(); i++) {
          write(out, node.get(i), pointer + "/" + i);
        }
      }
      case STRING -> {
        out.writeByte(TEXT);
        writeText(out, node.textValue());
      }
      case NUMBER -> {
        if (node.isInt()) {
          out.writeByte(INT);
          out.writeInt(node.intValue());
        } else if (node.isLong()) {
          out.writeByte(LONG);
          out.writeLong(node.longValue());
        } else if (node.isDouble()) {
          out.writeByte(DOUBLE);
          out.writeDouble(node.doubleValue());
        } else {
          throw new IllegalArgumentException(
              file + pointer + ": cannot write number node " + node.getClass().getSimpleName());
        }
      }
      case BOOLEAN -> out.writeByte(node.booleanValue() ? TRUE : FALSE);
      case NULL -> out.writeByte(NULL);
      default ->
          throw new IllegalArgumentException(
              file + pointer + ": cannot write " + node.getNodeType() + " node");
    }
  }

  /**
   * Reads a tree written by {@link #writeTo}: the same file name, node types and lines. {@code in}
   * holds bytes in memory, so that what is left bounds every length read (a corrupt length is an
   * error, not a huge allocation).
   */
  static YamlTree readFrom(Input in) throws IOException {
    String file = readText(in);
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root = read(in, "", lines);
    return new YamlTree(file, root, lines);
  }

  private static JsonNode read(Input in, String pointer, Map<String, Integer> lines)
      throws IOException {
    int line = in.readInt();
    if (line != NO_LINE) {
      lines.put(pointer, line);
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    byte tag = in.readByte();
    switch (tag) {
      case OBJECT -> {
        ObjectNode object = nodes.objectNode();
        int size = size(in);
        for (int i = 0; i < size; i++) {
          String name = readText(in);
          object.set(name, read(in, pointer + "/" + name, lines));
        }
        return object;
      }
      case ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        int size = size(in);
        for (int i = 0; i < size; i++) {
          array.add(read(in, pointer + "/" + i, lines));
        }
        return array;
      }
      case TEXT -> {
        return nodes.textNode(readText(in));
      }
      case INT -> {
        return nodes.numberNode(in.readInt());
      }
      case LONG -> {
        return nodes.numberNode(in.readLong());
      }
      case DOUBLE -> {
        return nodes.numberNode(in.readDouble());
      }
      case TRUE -> {
        return nodes.booleanNode(true);
      }
      case FALSE -> {
        return nodes.booleanNode(false);
      }
      case NULL -> {
        return nodes.nullNode();
      }
      default ->
          throw new IOException(
              "unknown value tag " + tag + " at " + (pointer.isEmpty() ? "/" : pointer));
    }
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(Input in) throws IOException {
    return in.readUtf8(size(in));
  }

  /**
   * A length or count; one beyond the bytes left means the data ends early, not a huge allocation.
   */
  private static int size(Input in) throws IOException {
    int size = in.readInt();
    if (size < 0) {
      throw new IOException("bad length " + size);
    }
    if (size > in.available()) {
      throw new EOFException();
    }
    return size;
  }

  /**
   * Reads what {@link java.io.DataOutputStream} wrote (big-endian) from bytes in memory. It stands
   * for a {@code DataInputStream} over a {@code ByteArrayInputStream}, whose every byte is a
   * synchronized call: the catalogue is read once per start, before the JIT has compiled either.
   */
  static final class Input {
    private final byte[] bytes;
    private int at;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The bytes not read yet. */
    int available() {
      return bytes.length - at;
    }

    byte readByte() throws EOFException {
      take(1);
      return bytes[at - 1];
    }

    int readInt() throws EOFException {
      take(4);
      return (bytes[at - 4] & 0xff) << 24
          | (bytes[at - 3] & 0xff) << 16
          | (bytes[at - 2] & 0xff) << 8
          | (bytes[at - 1] & 0xff);
    }

    long readLong() throws EOFException {
      return (long) readInt() << 32 | (readInt() & 0xffffffffL);
    }

    double readDouble() throws EOFException {
      return Double.longBitsToDouble(readLong());
    }

    String readUtf8(int length) throws EOFException {
      take(length);
      return new String(bytes, at - length, length, StandardCharsets.UTF_8);
    }

    private void take(int count) throws EOFException {
      if (count > bytes.length - at) {
        throw new EOFException();
      }
      at += count;
    }
  }

  /** The line of every value by JSON pointer, for tests that compare two trees exactly. */
  Map<String, Integer> lines() {
    return Map.copyOf(lines);
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /** The line of the value at a JSON pointer such as {@code /rules/3/regex}; 0 if unknown. */
  public int line(String pointer) {
    Integer line = lines.get(pointer);
    return line == null ? 0 : line;
  }

  public ConfigException error(String pointer, String problem) {
    return new ConfigException(file, line(pointer), problem);
  }
}
