package dev.liandan.api;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.storage.PostgresTestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A define-by-run study on the real PostgreSQL: run, loaded again by name, continued, asked and told. */
class PostgresStudyTest {
    private String schema;

    @BeforeEach
    void schema() {
        schema = PostgresTestDb.createSchema();
    }

    @AfterEach
    void drop() {
        PostgresTestDb.dropSchema(schema);
    }

    @Test
    void aStudyOnPostgresResumesByNameWithTheSameSpace() {
        String url = PostgresTestDb.url(schema);
        List<Map<String, Object>> first;
        try (Study study = Study.create("pg-study").storage(url).direction(Direction.MAXIMIZE).sampler("tpe").seed(4).open()) {
            study.optimize(StudyApiTest::objective, 6);
            first = study.trials().stream().map(FrozenTrial::params).toList();
        }
        try (Study loaded = Study.load("pg-study", url)) {
            assertEquals(Direction.MAXIMIZE, loaded.direction());
            loaded.optimize(StudyApiTest::objective, 9);
            Trial asked = loaded.ask();
            loaded.tell(asked, asked.suggestFloat("lr", 1e-5, 1e-1, true));
            List<FrozenTrial> trials = loaded.trials();
            assertEquals(10, trials.size());
            assertEquals(first, trials.subList(0, 6).stream().map(FrozenTrial::params).toList());
            assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE), trials.toString());
        }
    }
}
