package io.hotzone.tools.profile;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRecordsTest
{
    private static List<List<String>> all(CsvRecords r) throws IOException
    {
        List<List<String>> out = new ArrayList<>();
        for (List<String> rec = r.next(); rec != null; rec = r.next())
            out.add(rec);
        return out;
    }

    @Test
    void quotesDoubledQuotesEmbeddedLineBreaksCrlfAndAByteOrderMark() throws IOException
    {
        String text = "\uFEFFk,c,v\r\n"
                      + "a,1,\"x, y\"\r\n"
                      + "\"b\",2,\"say \"\"hi\"\"\"\n"
                      + "c,3,\"two\nlines\"\n"
                      + "\n"
                      + "d,4,\n";
        CsvRecords r = new CsvRecords(new StringReader(text));
        assertThat(r.next()).containsExactly("k", "c", "v");
        assertThat(r.next()).containsExactly("a", "1", "x, y");
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.next()).containsExactly("b", "2", "say \"hi\"");
        assertThat(r.next()).containsExactly("c", "3", "two\nlines");
        assertThat(r.line()).isEqualTo(4);
        assertThat(r.next()).containsExactly("d", "4", "");
        assertThat(r.line()).as("after a record spanning two lines and a blank line").isEqualTo(7);
        assertThat(r.next()).isNull();
    }

    @Test
    void theLastRecordNeedsNoLineBreakAndBadQuotingIsNamedByLine() throws IOException
    {
        assertThat(all(new CsvRecords(new StringReader("a,b\n1,2")))).containsExactly(List.of("a", "b"), List.of("1", "2"));
        assertThatThrownBy(() -> all(new CsvRecords(new StringReader("a,b\n1,\"open\n"))))
            .hasMessageContaining("line 2").hasMessageContaining("not closed");
        assertThatThrownBy(() -> all(new CsvRecords(new StringReader("a,b\n\"x\"y,2\n")))).hasMessageContaining("line 2").hasMessageContaining("closing quote");
    }
}
