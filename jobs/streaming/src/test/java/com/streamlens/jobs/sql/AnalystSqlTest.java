package com.streamlens.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Repository;
import com.streamlens.sql.SqlScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

/** Every DDL file registers through the catalog factory, and every example query plans against it. */
class AnalystSqlTest {
    static final Path SQL = Repository.path("sql");

    static TableEnvironment withCatalog(EnvironmentSettings settings) {
        TableEnvironment env = TableEnvironment.create(settings);
        env.executeSql("CREATE CATALOG streamlens WITH ('type' = 'streamlens-sql-files', 'ddl-dir' = '"
                + SQL.resolve("tables") + "', 'kafka-bootstrap' = '127.0.0.1:1')");
        env.useCatalog("streamlens");
        return env;
    }

    @Test
    void everyStreamAndOutputIsATable() {
        TableEnvironment env = withCatalog(EnvironmentSettings.inStreamingMode());
        assertThat(env.listTables()).containsExactlyInAnyOrder("clickstream", "mail_events", "dead_letters",
                "geo_activity_30s", "site_speed", "ab_stats", "ab_stats_log", "mail_verdicts", "recommendations", "user_profiles", "bot_verdicts", "churn_scores",
                "mail_rules", "spam_feedback", "feedback_rejections", "sender_reputation", "model_rollouts", "model_releases");
        assertThat(env.getCurrentDatabase()).isEqualTo("live");
    }

    @Test
    void everyExampleQueryPlansInTheModeItAsksFor() throws Exception {
        List<String> planned = new ArrayList<>();
        try (Stream<Path> files = Files.list(SQL.resolve("queries"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String text = Files.readString(f);
                boolean batch = text.contains("'execution.runtime-mode' = 'batch'");
                TableEnvironment env = withCatalog(batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
                for (String sql : SqlScripts.statements(text)) {
                    if (sql.startsWith("SET")) continue;
                    assertThat(env.explainSql(sql)).as(f.getFileName().toString()).contains("TableSourceScan");
                    planned.add(f.getFileName().toString());
                }
            }
        }
        assertThat(planned).hasSizeGreaterThanOrEqualTo(5);
    }
}
