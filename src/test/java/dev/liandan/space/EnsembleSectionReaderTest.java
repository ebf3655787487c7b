package dev.liandan.space;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.liandan.space.SpaceFiles.BASE;
import static dev.liandan.space.SpaceFiles.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The optional ensemble: section. */
class EnsembleSectionReaderTest {
    @TempDir
    Path tmp;

    @Test
    void absentSectionMeansNoEnsemble() {
        assertNull(SpaceFiles.parse(tmp, BASE).ensemble());
    }

    @Test
    void flowMappingAndDefaults() {
        EnsembleSpec e = SpaceFiles.parse(tmp, BASE + "ensemble: {method: caruana, top_k: 10}\n").ensemble();
        assertEquals(new EnsembleSpec("caruana", 10, 20, null, 5, "equal", false), e);
        assertEquals(EnsembleSpec.defaults(), SpaceFiles.parse(tmp, BASE + "ensemble:\n").ensemble());
        EnsembleSpec all = SpaceFiles.parse(tmp, BASE + """
                ensemble:
                  method: soft_vote
                  top_k: 5
                  size: 7
                  seeds_per_config: 1
                  reseed_top: 4
                  weights: fitted
                  zip: true
                """).ensemble();
        assertEquals(new EnsembleSpec("soft_vote", 5, 7, 1, 4, "fitted", true), all);
        EnsembleSpec reseeded = SpaceFiles.parse(tmp, BASE
                + "ensemble: {method: caruana, seeds_per_config: 3, reseed_top: 2}\n").ensemble();
        assertEquals(new EnsembleSpec("caruana", 10, 20, 3, 2, "equal", false), reseeded);
    }

    @Test
    void aStudyWithoutTheSectionKeepsItAcrossWithSearch() {
        StudySpec s = SpaceFiles.parse(tmp, BASE + "ensemble: {method: hard_vote}\n");
        assertEquals("hard_vote", s.withSearch(s.search()).ensemble().method());
    }

    @Test
    void mistakesPointAtTheValue() {
        error(tmp, BASE + "ensemble: {method: carauna}\n", 7, 20, "ensemble.method: expected one of caruana");
        error(tmp, BASE + "ensemble: {top_k: 0}\n", 7, 19, "ensemble.top_k: expected an integer in [1, 10000], got 0");
        error(tmp, BASE + "ensemble: {size: many}\n", 7, 18, "ensemble.size");
        error(tmp, BASE + "ensemble: {topk: 3}\n", 7, 12, "topk");
        error(tmp, BASE + "ensemble: {method: caruana, weights: fitted}\n", 7, 38,
                "fitted weights are for method soft_vote only");
        error(tmp, BASE + "ensemble: {method: soft_vote, seeds_per_config: 2}\n", 7, 49,
                "ensemble.seeds_per_config: retrained seeds are for methods hierarchical and caruana only");
        error(tmp, BASE + "ensemble: {reseed_top: 0}\n", 7, 24, "ensemble.reseed_top: expected an integer");
        error(tmp, BASE + "ensemble: [caruana]\n", 7, 11, "ensemble: expected a mapping");
    }
}
