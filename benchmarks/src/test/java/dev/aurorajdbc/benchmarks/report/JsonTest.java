package dev.aurorajdbc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void writesNestedMapsAndListsInInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(1.5, 2.0));
        m.put("c", List.of(Map.of("x", "y")));
        m.put("d", null);
        assertThat(Json.write(m)).isEqualTo("""
                {
                  "b": 1,
                  "a": [1.5, 2],
                  "c": [
                    {
                      "x": "y"
                    }
                  ],
                  "d": null
                }
                """);
    }

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"\n");
        assertThat(Json.write(Double.NaN)).isEqualTo("null\n");
        assertThat(Json.write(1234.56789)).isEqualTo("1234.57\n");
        assertThat(Json.write(List.of())).isEqualTo("[]\n");
        assertThat(Json.write(Map.of())).isEqualTo("{}\n");
    }
}
