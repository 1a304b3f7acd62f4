package io.hotzone.tools.profile;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRecordsTest
{
    private static JsonRecords of(String text)
    {
        return new JsonRecords(new BufferedReader(new StringReader(text)), null);
    }

    @Test
    void theFirstObjectNamesTheColumnsAndValuesBecomeFieldText() throws Exception
    {
        JsonRecords r = of("\uFEFF{\"k\": \"a\", \"n\": 1.5, \"b\": true, \"l\": [1, 2]}\n\n{\"n\": 2, \"k\": \"b, c\", \"b\": null}\n");
        assertThat(r.next()).containsExactly("k", "n", "b", "l");
        assertThat(r.next()).containsExactly("a", "1.5", "true", "[1,2]");
        assertThat(r.line()).isEqualTo(1);
        assertThat(r.problem()).isNull();
        assertThat(r.next()).as("any order; missing and null keys are empty").containsExactly("b, c", "2", "", "");
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.next()).isNull();
    }

    @Test
    void aRecordWithAnUnknownKeyOrABadLineIsFlaggedAndReadingGoesOn() throws Exception
    {
        JsonRecords r = of("{\"k\": \"a\"}\n{\"k\": \"b\", \"x\": 1}\nnot json\n[1]\n{\"k\": \"c\"}\n");
        r.next();
        r.next();
        assertThat(r.problem()).isNull();
        r.next();
        assertThat(r.problem()).isEqualTo("key 'x' is not one of the first record's keys [k]");
        assertThat(r.line()).isEqualTo(2);
        r.next();
        assertThat(r.problem()).startsWith("not JSON");
        assertThat(r.next()).containsExactly("");
        assertThat(r.problem()).isEqualTo("expected a JSON object, got ARRAY");
        assertThat(r.next()).containsExactly("c");
        assertThat(r.problem()).isNull();
        assertThat(r.line()).isEqualTo(5);
    }

    @Test
    void givenTheTablesColumnsKeysAreMatchedByNameAndAnyOtherKeyIsFlagged() throws Exception
    {
        JsonRecords r = new JsonRecords(new BufferedReader(new StringReader("{\"v\": 1}\n{\"k\": \"a\", \"x\": 2}\n")), List.of("k", "v"));
        assertThat(r.next()).containsExactly("k", "v");
        assertThat(r.next()).containsExactly("", "1");
        assertThat(r.problem()).isNull();
        r.next();
        assertThat(r.problem()).isEqualTo("key 'x' is not a column of the table [k, v]");
    }

    @Test
    void aFirstLineThatIsNotAnObjectFailsTheInput()
    {
        assertThatThrownBy(() -> of("oops\n").next()).hasMessageStartingWith("line 1: not JSON");
    }

    @Test
    void jsonLinesAreToldFromCsvByTheFileName()
    {
        for (String f : List.of("a.json", "a.jsonl", "a.ndjson", "a.jsonl.gz"))
            assertThat(InputRecords.isJsonLines(f)).as(f).isTrue();
        for (String f : List.of("a.csv", "a.csv.gz", "json"))
            assertThat(InputRecords.isJsonLines(f)).as(f).isFalse();
    }
}
