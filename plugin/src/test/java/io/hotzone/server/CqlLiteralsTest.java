package io.hotzone.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqlLiteralsTest
{
    @Test
    void splitsOutsideQuotesAndBrackets()
    {
        assertThat(CqlLiterals.split("'a','b,c', 42 ,(1, 'x'),'it''s'", ','))
            .containsExactly("'a'", "'b,c'", "42", "(1, 'x')", "'it''s'");
        assertThat(CqlLiterals.tupleComponents("(1, 'a,b', [2, 3])")).containsExactly("1", "'a,b'", "[2, 3]");
    }

    @Test
    void outsideQuotesKeepsOnlyWhatIsNotQuotedText()
    {
        assertThat(CqlLiterals.outsideQuotes("'p:2(x)?'")).isEmpty();
        assertThat(CqlLiterals.outsideQuotes("'it''s' + now()")).isEqualTo(" + now()");
        assertThat(CqlLiterals.outsideQuotes(":name")).isEqualTo(":name");
    }

    @Test
    void rejectsUnbalancedInput()
    {
        assertThatThrownBy(() -> CqlLiterals.split("'abc", ',')).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> CqlLiterals.split("(1, 2", ',')).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> CqlLiterals.tupleComponents("1, 2")).hasMessageContaining("(value1, value2, ...)");
    }
}
