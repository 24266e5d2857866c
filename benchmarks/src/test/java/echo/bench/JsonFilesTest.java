package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** JMH's JSON is trimmed as a tree: its raw histograms go wherever they are, everything else stays. */
class JsonFilesTest {
    static final String JMH = """
            [
                {
                    "benchmark" : "echo.bench.RoundTripBenchmark.roundTrip",
                    "mode" : "sample",
                    "primaryMetric" : {
                        "score" : 24.5,
                        "scorePercentiles" : { "99.0" : 110.0 },
                        "scoreUnit" : "us/op",
                        "rawDataHistogram" : [ [ [ [ 6.4, 1 ], [ 7.1, 3 ] ] ] ]
                    },
                    "secondaryMetrics" : {
                        "gc" : { "score" : 1.0, "rawDataHistogram" : [ [ [ 1, 2 ] ] ] }
                    }
                },
                {
                    "benchmark" : "echo.bench.RoundTripBenchmark.roundTrip",
                    "mode" : "thrpt",
                    "primaryMetric" : { "score" : 1000.0, "rawData" : [ [ 990.0, 1010.0 ] ] }
                }
            ]
            """;

    @Test
    void rawHistogramsGoEverywhereAndTheRestStays() throws Exception {
        JsonNode tree = JsonFiles.withoutRawHistograms(JsonFiles.MAPPER.readTree(JMH));
        assertTrue(tree.findValues("rawDataHistogram").isEmpty(), tree.toString());
        assertEquals(110.0, tree.get(0).get("primaryMetric").get("scorePercentiles").get("99.0").asDouble());
        assertEquals("us/op", tree.get(0).get("primaryMetric").get("scoreUnit").asText());
        assertEquals(1.0, tree.get(0).get("secondaryMetrics").get("gc").get("score").asDouble());
        assertEquals(2, tree.get(1).get("primaryMetric").get("rawData").get(0).size(), "rawData is not a histogram");
        assertEquals(2, tree.size());
    }

    @Test
    void aFigureNotMeasuredIsWrittenAsNull() throws Exception {
        ObjectNode node = JsonFiles.number(JsonFiles.number(JsonFiles.object(), "a", Double.NaN), "b", 2.5);
        JsonNode back = JsonFiles.MAPPER.readTree(JsonFiles.MAPPER.writeValueAsString(node));
        assertTrue(back.get("a").isNull(), back.toString());
        assertEquals(2.5, back.get("b").asDouble());
    }
}
