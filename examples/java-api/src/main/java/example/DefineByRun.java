package example;

import dev.liandan.api.Study;

import java.util.List;

/** A define-by-run study: the objective asks for its parameters, liandan's TPE sampler proposes them. */
public final class DefineByRun {
    public static void main(String[] args) {
        // study:start
        try (Study study = Study.create("define-by-run").sampler("tpe").seed(1).open()) {
            study.optimize(trial -> {
                double x = trial.suggestFloat("x", -10, 10);
                String kind = trial.suggestCategorical("kind", List.of("plain", "shifted"));
                double shift = kind.equals("shifted") ? trial.suggestFloat("shift", -1, 1) : 0;
                return Math.pow(x - 2 + shift, 2);
            }, 40);
            System.out.println("define-by-run: best " + study.bestTrial().orElseThrow().params());
        }
        // study:end
    }
}
