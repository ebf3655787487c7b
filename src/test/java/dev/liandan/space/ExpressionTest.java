package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionTest {
    static double eval(String text) {
        return Expression.parse(text, null).evaluate(Map.of());
    }

    static SpaceError error(String text) {
        return assertThrows(SpaceError.class, () -> Expression.parse(text, new SourceLocation("s.yaml", 4, 10)));
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertEquals(7, eval("1 + 2 * 3"));
        assertEquals(9, eval("(1 + 2) * 3"));
        assertEquals(3, eval("10 - 4 - 3"));
        assertEquals(1, eval("8 / 4 / 2"));
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
        assertEquals(512, eval("2 ^ 3 ^ 2"));
        assertEquals(-4, eval("-2 ^ 2"));
        assertEquals(0.5, eval("2 ^ -1"));
        assertEquals(12, eval("3 * 2 ^ 2"));
        assertEquals(3, eval("-(-3)"));
        assertEquals(-6, eval("2 * -3"));
    }

    @Test
    void numbersInScientificNotation() {
        assertEquals(1.0, eval("1e-3 * 1000"), 1e-12);
        assertEquals(250, eval("2.5E2"));
        assertEquals(0.5, eval(".5"));
    }

    @Test
    void functions() {
        assertEquals(2, eval("log(exp(2))"), 1e-12);
        assertEquals(3, eval("log2(8)"), 1e-12);
        assertEquals(3, eval("log10(1000)"), 1e-12);
        assertEquals(4, eval("sqrt(16)"));
        assertEquals(3, eval("abs(-3)"));
        assertEquals(2, eval("min(2, 3)"));
        assertEquals(3, eval("max(2, 3)"));
        assertEquals(3, eval("round(2.6)"));
        assertEquals(2, eval("floor(2.7)"));
        assertEquals(3, eval("ceil(2.1)"));
        assertEquals(5, eval("max(min(5, 9), sqrt(4))"));
    }

    @Test
    void variablesListsNamesInOrderWithoutFunctions() {
        Expression e = Expression.parse("base_lr * batch_size / 256 + max(a, log(b)) + a", null);
        assertEquals(List.of("base_lr", "batch_size", "a", "b"), List.copyOf(e.variables()));
    }

    @Test
    void evaluatesTheLinearScalingRule() {
        Expression e = Expression.parse("base_lr * batch_size / 256", null);
        assertEquals(0.2, e.evaluate(Map.of("base_lr", 0.1, "batch_size", 512L)), 1e-15);
    }

    @Test
    void booleansCountAsOneAndZero() {
        Expression e = Expression.parse("10 * flag + 1", null);
        assertEquals(11, e.evaluate(Map.of("flag", true)));
        assertEquals(1, e.evaluate(Map.of("flag", false)));
    }

    @Test
    void missingValueIsAUserErrorNamingIt() {
        UserError e = assertThrows(UserError.class, () -> Expression.parse("a + b", null).evaluate(Map.of("a", 1.0)));
        assertTrue(e.getMessage().contains("reads 'b', which has no value"), e.getMessage());
    }

    @Test
    void wordValueIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> Expression.parse("a * 2", null).evaluate(Map.of("a", "relu")));
        assertEquals("parameter 'a' is 'relu', not a number", e.getMessage());
    }

    @Test
    void errorPointsAtTheOffendingCharacter() {
        SpaceError e = error("1 + * 2");
        assertEquals(new SourceLocation("s.yaml", 4, 14), e.location());
        assertTrue(e.getMessage().contains("unexpected '*': expected a number, a name or '(' (in \"1 + * 2\")"), e.getMessage());
    }

    @Test
    void unknownFunctionPointsAtItsName() {
        SpaceError e = error("2 * foo(1)");
        assertEquals(14, e.location().column());
        assertTrue(e.getMessage().contains("unknown function 'foo'"), e.getMessage());
    }

    @Test
    void wrongArgumentCount() {
        SpaceError e = error("max(1)");
        assertEquals(10, e.location().column());
        assertTrue(e.getMessage().contains("max takes 2 argument(s), got 1"), e.getMessage());
    }

    @Test
    void unclosedParenthesis() {
        SpaceError e = error("(1 + 2");
        assertEquals(16, e.location().column());
        assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());
    }

    @Test
    void emptyExpression() {
        SpaceError e = error("  ");
        assertEquals(12, e.location().column());
        assertTrue(e.getMessage().contains("expression ends too early"), e.getMessage());
    }

    @Test
    void trailingText() {
        SpaceError e = error("1 2");
        assertEquals(12, e.location().column());
        assertTrue(e.getMessage().contains("unexpected '2' in expression"), e.getMessage());
    }

    @Test
    void badNumber() {
        SpaceError e = error("1 + 1..2");
        assertEquals(14, e.location().column());
        assertTrue(e.getMessage().contains("bad number '1..2'"), e.getMessage());
    }

    @Test
    void runawayNestingIsAUserErrorNotAStackOverflow() {
        // 2000 characters would reach thousands of levels; the guard stops at 200
        SpaceError e = error("(".repeat(900) + "1" + ")".repeat(900));
        assertTrue(e.getMessage().contains("expression nests deeper than 200 levels"), e.getMessage());
        assertEquals(1, eval("(".repeat(150) + "1" + ")".repeat(150)));
        assertEquals(-1, eval("-".repeat(99) + "1"));
        assertTrue(error("-".repeat(1500) + "1").getMessage().contains("nests deeper"));
        assertTrue(error("1" + "^1".repeat(900)).getMessage().contains("nests deeper"));
    }

    @Test
    void longFormulasAreRefusedBeforeTheyCanOverflowEvaluation() {
        SpaceError e = error("1" + "+1".repeat(100_000));
        assertEquals(10, e.location().column());
        assertTrue(e.getMessage().contains("expression is longer than 2000 characters"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertEquals(1000, eval("1" + "+1".repeat(999)));
    }

    @Test
    void withoutALocationColumnsCountFromOne() {
        SpaceError e = assertThrows(SpaceError.class, () -> Expression.parse("a +", null));
        assertEquals(new SourceLocation("<expression>", 1, 4), e.location());
    }

    @Test
    void expressionsWithTheSameTextAreEqual() {
        assertEquals(Expression.parse("a * 2", null), Expression.parse("a * 2", new SourceLocation("f", 3, 3)));
        assertEquals(Expression.parse("a * 2", null).hashCode(), Expression.parse("a * 2", null).hashCode());
        assertNotEquals(Expression.parse("a * 2", null), Expression.parse("a*2", null));
    }
}
