package dev.eventplatform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.TimeUtils;

/**
 * The raw settings a job is started with: {@code --key value} arguments, on top of an optional
 * properties or YAML file named by {@code --config FILE}. Nested YAML keys are joined with dots, so
 * {@code kafka: {security.protocol: SSL}} is the same as {@code --kafka.security.protocol SSL}.
 *
 * <p>Jobs read these once, into their own typed configuration, and never look at them again.
 */
public final class Settings implements Serializable {

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /** Parses {@code --key value} pairs; a key with no value is {@code true}. */
  public static Settings fromArgs(String... args) {
    Map<String, String> fromArgs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || args[i].length() == 2) {
        throw new IllegalArgumentException(
            "expected --key value, found '" + args[i] + "' (argument " + (i + 1) + ")");
      }
      String key = args[i].substring(2);
      boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
      fromArgs.put(key, hasValue ? args[++i] : "true");
    }
    Map<String, String> merged = new LinkedHashMap<>();
    String file = fromArgs.get("config");
    if (file != null) {
      merged.putAll(readFile(Path.of(file)));
    }
    merged.putAll(fromArgs);
    return new Settings(merged);
  }

  public String string(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  public String required(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing required setting --" + key);
    }
    return value;
  }

  public int integer(String key, int defaultValue) {
    return parse(key, defaultValue, Integer::parseInt, "a whole number");
  }

  public long longValue(String key, long defaultValue) {
    return parse(key, defaultValue, Long::parseLong, "a whole number");
  }

  public double decimal(String key, double defaultValue) {
    return parse(key, defaultValue, Double::parseDouble, "a number");
  }

  public boolean flag(String key, boolean defaultValue) {
    return parse(
        key,
        defaultValue,
        text -> {
          if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException();
          }
          return Boolean.parseBoolean(text);
        },
        "true or false");
  }

  /** A duration such as {@code 5 min}, {@code 30s}, {@code 200ms}, {@code 14d}. */
  public Duration duration(String key, Duration defaultValue) {
    return parse(key, defaultValue, TimeUtils::parseDuration, "a duration like '30 s' or '5 min'");
  }

  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    return parse(
        key,
        defaultValue,
        text -> Enum.valueOf(type, text.toUpperCase().replace('-', '_')),
        "one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }

  /** Every setting under {@code prefix.}, with the prefix taken off. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    String dotted = prefix + ".";
    values.forEach(
        (key, value) -> {
          if (key.startsWith(dotted)) {
            found.put(key.substring(dotted.length()), value);
          }
        });
    return found;
  }

  /** A copy with one setting changed, for tests and tools that start jobs. */
  public Settings with(String key, String value) {
    Map<String, String> changed = new LinkedHashMap<>(values);
    changed.put(key, value);
    return new Settings(changed);
  }

  private <V> V parse(String key, V defaultValue, Parser<V> parser, String expected) {
    String text = values.get(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      return parser.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting --" + key + " is '" + text + "', expected " + expected, e);
    }
  }

  @FunctionalInterface
  private interface Parser<V> {
    V parse(String text);
  }

  private static Map<String, String> readFile(Path file) {
    String name = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, String> values = new LinkedHashMap<>();
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(in), values);
      } else {
        Properties properties = new Properties();
        properties.load(in);
        properties
            .stringPropertyNames()
            .forEach(key -> values.put(key, properties.getProperty(key)));
      }
      return values;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            into);
      }
    } else if (node.isArray()) {
      StringBuilder joined = new StringBuilder();
      node.forEach(
          element -> joined.append(joined.length() == 0 ? "" : ",").append(element.asText()));
      into.put(prefix, joined.toString());
    } else {
      into.put(prefix, node.asText());
    }
  }
}
