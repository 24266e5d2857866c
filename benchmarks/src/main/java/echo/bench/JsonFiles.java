package echo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Every JSON file of this module goes through Jackson's tree model: built as nodes, written indented, and (JMH's)
 * read back as a tree to be trimmed. A figure that could not be measured (NaN) is written as {@code null}: JSON has
 * no NaN, and a reader's parser would choke on one.
 */
final class JsonFiles {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** {@code value}, or null where it was not measured. */
    static ObjectNode number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
        return node;
    }

    static void write(Path file, JsonNode tree) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(tree) + "\n");
    }

    static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /**
     * JMH's JSON (an array of results) without any {@code "rawDataHistogram"} field, wherever it is in the tree.
     * In SampleTime mode that field lists every sampled time bucket (tens of kilobytes per run); the percentiles
     * JMH computed from it stay, under {@code "scorePercentiles"}. Changes {@code tree} in place and returns it.
     */
    static JsonNode withoutRawHistograms(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            object.remove("rawDataHistogram");
        }
        for (Iterator<JsonNode> children = tree.elements(); children.hasNext(); ) {
            withoutRawHistograms(children.next());
        }
        return tree;
    }
}
