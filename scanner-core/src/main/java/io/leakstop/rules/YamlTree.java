package io.leakstop.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree that remembers the line of every value, so that errors
 * found after parsing (a bad regex, an unknown checksum) can still name the line.
 */
public final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();

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
      throw new ConfigException(file, line, "not valid YAML: " + e.getOriginalMessage());
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
