package dev.liandan.storage;

import java.util.List;

/**
 * The database schema as an ordered list of migrations. Migration {@code i} (1-based) takes a
 * database from version {@code i - 1} to {@code i}; {@code schema_version} holds one row per
 * applied migration. A released migration is never edited, only followed by a new one.
 *
 * <p>The SQL is standard (it runs on SQLite and PostgreSQL); the one difference, the generated
 * key, is written {@code ${ID}} and filled in by the {@link SqlDialect}. Times are epoch
 * milliseconds in BIGINT columns, which every database stores alike. Params and metrics are JSON
 * text, not a JSON column type, for the same reason.
 */
final class Schema {

    private Schema() {
    }

    /** Created before any migration runs, so that its version can be read. */
    static final String VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "studies, trials, per-epoch values", List.of(
                    """
                    CREATE TABLE studies (
                        id ${ID},
                        name TEXT NOT NULL UNIQUE,
                        space_text TEXT,
                        space_file TEXT,
                        metric TEXT NOT NULL,
                        direction TEXT NOT NULL,
                        created_at BIGINT NOT NULL
                    )""",
                    // UNIQUE(study_id, number) is what keeps two workers from getting the same
                    // number; its index also serves lookups by (study_id, number), so no second one.
                    """
                    CREATE TABLE trials (
                        id ${ID},
                        study_id BIGINT NOT NULL REFERENCES studies (id),
                        number INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        params TEXT NOT NULL,
                        seed BIGINT NOT NULL,
                        retry_of INTEGER,
                        value DOUBLE PRECISION,
                        metrics TEXT NOT NULL,
                        epochs INTEGER NOT NULL,
                        started_at BIGINT NOT NULL,
                        finished_at BIGINT,
                        worker TEXT,
                        heartbeat BIGINT,
                        fail_reason TEXT,
                        CONSTRAINT trials_study_number UNIQUE (study_id, number)
                    )""",
                    "CREATE INDEX trials_study_state ON trials (study_id, state)",
                    // value is nullable: SQL stores a NaN (a diverged epoch) as NULL; it reads back as NaN.
                    """
                    CREATE TABLE trial_values (
                        trial_id BIGINT NOT NULL REFERENCES trials (id),
                        epoch INTEGER NOT NULL,
                        value DOUBLE PRECISION,
                        PRIMARY KEY (trial_id, epoch)
                    )""")),
            // What a sweep runs with beyond its space file (the budget, a --seed), so that a
            // worker joining from another host with nothing but the storage runs the same study.
            new Migration(2, "study attributes", List.of(
                    """
                    CREATE TABLE study_attributes (
                        study_id BIGINT NOT NULL REFERENCES studies (id),
                        name TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (study_id, name)
                    )""")));

    /** The newest version this code knows. */
    static final int CURRENT = MIGRATIONS.size();

    static String sql(String statement, SqlDialect dialect) {
        return statement.replace("${ID}", dialect.autoIdColumn());
    }
}
