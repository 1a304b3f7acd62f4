package io.hotzone.forecast;

import java.util.function.ToDoubleFunction;

/**
 * Champion/challenger: a newly trained model replaces the serving one only if it scores strictly better on recent
 * history that neither was trained on. Ties keep the champion (no churn for nothing).
 */
public final class Champion<M>
{
    private M current;
    private int replacements;

    public M current()
    {
        return current;
    }

    public int replacements()
    {
        return replacements;
    }

    /** Returns true if the challenger became the champion. */
    public boolean offer(M challenger, ToDoubleFunction<M> score)
    {
        if (current == null)
        {
            current = challenger;
            return true;
        }
        if (score.applyAsDouble(challenger) > score.applyAsDouble(current))
        {
            current = challenger;
            replacements++;
            return true;
        }
        return false;
    }
}
