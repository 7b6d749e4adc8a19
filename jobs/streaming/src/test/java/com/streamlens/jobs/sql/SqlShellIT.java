package com.streamlens.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.sql.SqlShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scripts/sql (SqlShell) against a real SQL Gateway and the Flink JDBC driver: rows, and bad input as every tool reports it. */
class SqlShellIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    static SqlGatewayServer gateway;

    @BeforeAll
    static void startGateway(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) gateway.close();
    }

    record Run(int code, List<String> out, List<String> err) {}

    private static Run run(Callable<Connection> connect, String source) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = gateway.withDriver(() -> SqlShell.run(connect, gateway.url(), source,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static Run run(String source) throws Exception {
        return run(gateway::connect, source);
    }

    @Test
    void printsTheRowsOfAStatement() throws Exception {
        Run r = run("SHOW TABLES");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("clickstream", "mail_verdicts", "recommendations");
        assertThat(r.err()).singleElement().satisfies(l -> assertThat(l).matches("\\(\\d+ rows\\)"));
    }

    @Test
    void theUserProfilesViewResolvesToTheRecommendationsTopicThroughTheGateway() throws Exception {
        Run views = run("SHOW VIEWS");
        assertThat(views.code()).isZero();
        assertThat(views.out()).contains("user_profiles");
        Run plan = run("EXPLAIN PLAN FOR SELECT user_id, tags FROM user_profiles");
        assertThat(plan.code()).as(String.join("\n", plan.err())).isZero();
        assertThat(String.join("\n", plan.out())).contains("recommendations").contains("profile");
    }

    @Test
    void aRefusedStatementIsOneLineNamingTheFileAndItsLineAndExitCode2(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("report.sql");
        Files.writeString(f, "-- a report\nSHOW TABLES;\n\nSELECT site_id\n  FROM no_such_table;\nSHOW TABLES;\n");
        Run r = run(f.toString());
        assertThat(r.code()).isEqualTo(SqlShell.BAD_INPUT);
        assertThat(r.out()).contains("clickstream").as("the statement before it ran").hasSize(countTables() + 1);
        assertThat(r.err()).last().isEqualTo(f + ":4: From line 2, column 8 to line 2, column 20: Object 'no_such_table' not found");
        assertThat(r.err()).filteredOn(l -> !l.matches("\\(\\d+ rows\\)")).hasSize(1);
    }

    private static int countTables() throws Exception {
        return run("SHOW TABLES").out().size() - 1;
    }

    @Test
    void aMissingOrEmptyFileIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Run missing = run(dir.resolve("nope.sql").toString());
        assertThat(missing.code()).isEqualTo(SqlShell.BAD_INPUT);
        assertThat(missing.err()).containsExactly(dir.resolve("nope.sql") + ": no such file");
        Path empty = Files.writeString(dir.resolve("empty.sql"), "-- only a comment\n\n");
        Run none = run(empty.toString());
        assertThat(none.code()).isEqualTo(SqlShell.BAD_INPUT);
        assertThat(none.err()).containsExactly(empty + ": no SQL statement");
    }

    @Test
    void aGatewayItCannotReachIsOneLineAndExitCode1() throws Exception {
        String nowhere = "jdbc:flink://127.0.0.1:" + com.streamlens.operators.testing.RedisServer.freePort() + "/streamlens/live";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = gateway.withDriver(() -> SqlShell.run(() -> gateway.connect(nowhere), nowhere, "SHOW TABLES",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertThat(code).isEqualTo(SqlShell.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("cannot reach the SQL Gateway at " + nowhere + " (is scripts/run-local running?): "));
    }
}
