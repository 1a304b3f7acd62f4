package io.hotzone.nodetool.hotzone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatsTest
{
    @Test
    void rowsAreKeyedByTheHeadersInSnakeCaseAndNumbersStayNumbersButTokensStayExact()
    {
        List<Map<String, Object>> rows = Formats.rows(List.of("Table", "Predicted start", "Peak/step", "Token", "Count", "Confidence"),
                                                      List.of("shop.items\t2026-12-02T10:00:00Z\t12.5\t-9023372036854775807\t42\t0.75"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsExactly(Map.entry("table", "shop.items"), Map.entry("predicted_start", "2026-12-02T10:00:00Z"),
                                                Map.entry("peak_per_step", 12.5), Map.entry("token", "-9023372036854775807"),
                                                Map.entry("count", 42L), Map.entry("confidence", 0.75));
    }

    @Test
    void jsonAndYamlAreCassandrasOwnPrintersAndTheTableFormatIsLeftToTheCaller()
    {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plan_version", 7L);
        data.put("zones", Formats.rows(List.of("Zone", "State"), List.of("z1\tREADY")));
        assertThat(print("json", data)).contains("\"plan_version\" : 7").contains("\"state\" : \"READY\"");
        assertThat(print("yaml", data)).contains("plan_version: 7").contains("state: READY");
        assertThat(Formats.print("", data, new PrintStream(new ByteArrayOutputStream()))).isFalse();
        assertThatThrownBy(() -> Formats.check("xml")).hasMessage("arguments for -F are json,yaml only.");
    }

    private static String print(String format, Map<String, Object> data)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(Formats.print(format, data, new PrintStream(bytes, true, StandardCharsets.UTF_8))).isTrue();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
