package io.hotzone.forecast;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per table, what did best over the latest resolved origins serves; the simple rule until another earns it by a margin. */
class ServingChoiceTest
{
    private static final List<String> ZONES = List.of("reactive", "model"), RATES = List.of("model", "reactive");
    private static final boolean[] HOT = { true, true, false, false };
    private static final double[] ACTUAL = { 100, 50, 5, 1 };

    /** reactive names keys 0 and 2 (one hit), the model 0 and 1 (two hits); rates: the model's or reactive's error. */
    private static void resolve(ServingChoice choice, boolean modelRight, boolean modelRatesRight)
    {
        boolean[] reactive = { true, false, true, false }, model = modelRight ? new boolean[]{ true, true, false, false } : new boolean[]{ false, false, true, true };
        double[] exact = ACTUAL.clone(), off = { 10, 5, 50, 10 };
        choice.resolved(new boolean[][]{ reactive, model }, HOT, new double[][]{ modelRatesRight ? exact : off, modelRatesRight ? off : exact }, ACTUAL);
    }

    @Test
    void theStatedCandidateServesUntilTheWindowHoldsEnoughOutcomes()
    {
        ServingChoice choice = new ServingChoice(ZONES, RATES, 3, 3, 1);
        assertThat(choice.zoneMethod()).as("no outcome yet").isEqualTo("model");
        resolve(choice, false, false);
        resolve(choice, false, false);
        assertThat(choice.zoneMethod()).as("2 of the 3 outcomes needed, though reactive did better").isEqualTo("model");
        assertThat(choice.rateMethod()).isEqualTo("model");
        resolve(choice, false, false);
        assertThat(choice.zoneMethod()).isEqualTo("reactive");
        assertThat(choice.rateMethod()).as("a full window: reactive's rates were exact").isEqualTo("reactive");
        assertThat(choice.f1(1)).isZero();
        assertThat(choice.f1(0)).isEqualTo(0.5);
    }

    @Test
    void aChallengerWithinTheMarginDoesNotReplaceTheServingMethod()
    {
        ServingChoice choice = new ServingChoice(List.of("reactive", "copy of reactive"), RATES, 10, 1, 1);
        boolean[] zones = { true, false, true, false };
        for (int i = 0; i < 5; i++)
            choice.resolved(new boolean[][]{ zones, zones }, HOT, new double[][]{ ACTUAL, ACTUAL }, ACTUAL);
        assertThat(choice.zoneMethod()).as("equal F1: the earlier candidate").isEqualTo("reactive");
        assertThat(choice.rateMethod()).as("equal error: the earlier candidate").isEqualTo("model");
    }

    @Test
    void theWindowForgetsOldOutcomesAndTheChoiceFollowsTheData()
    {
        ServingChoice choice = new ServingChoice(ZONES, RATES, 4, 2, 0);
        for (int i = 0; i < 4; i++)
            resolve(choice, true, true);
        assertThat(choice.zoneMethod()).isEqualTo("model");
        for (int i = 0; i < 4; i++)
            resolve(choice, false, true);
        assertThat(choice.resolvedOrigins()).isEqualTo(4);
        assertThat(choice.f1(1)).as("only the model's misses are left in the window").isZero();
        assertThat(choice.zoneMethod()).isEqualTo("reactive");
    }

    @Test
    void whileNothingInTheWindowTurnedHotTheStatedCandidateServes()
    {
        ServingChoice choice = new ServingChoice(ZONES, RATES, 2, 1, 1);
        boolean[] none = new boolean[4];
        choice.resolved(new boolean[][]{ none, none }, none, new double[][]{ ACTUAL, ACTUAL }, ACTUAL);
        assertThat(choice.zoneMethod()).isEqualTo("model");
        resolve(choice, false, true); // something turned hot: reactive 0.5, the model 0
        assertThat(choice.zoneMethod()).isEqualTo("reactive");
    }

    @Test
    void aChoiceWithoutCandidatesOrWithAWindowShorterThanItsMinimumIsRefused()
    {
        assertThatThrownBy(() -> new ServingChoice(List.of(), RATES, 4, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServingChoice(ZONES, RATES, 2, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
