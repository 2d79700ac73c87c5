package dev.aurorajdbc.testcluster.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void writesNestedValuesOnOneLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("n", 42);
        m.put("none", null);
        m.put("list", List.of("a", 1.5));
        assertThat(Json.write(m)).isEqualTo("{\"ok\":true,\"n\":42,\"none\":null,\"list\":[\"a\",1.5]}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
        assertThat(Json.write(Arrays.asList("x", null))).isEqualTo("[\"x\",null]").doesNotContain("\n");
    }
}
