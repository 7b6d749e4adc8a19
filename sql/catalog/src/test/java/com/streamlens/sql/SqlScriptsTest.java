package com.streamlens.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptsTest {
    @Test
    void eachStatementKnowsTheLineItStartsOn() {
        String script = "-- header\nSET 'a' = 'b';\n\n-- the report\nSELECT x\n  FROM t;  \n\r\nSHOW TABLES\n";
        assertThat(SqlScripts.statementsWithLines(script)).containsExactly(
                new SqlScripts.Statement("SET 'a' = 'b'", 2),
                new SqlScripts.Statement("SELECT x\n  FROM t", 5),
                new SqlScripts.Statement("SHOW TABLES", 8));
        assertThat(SqlScripts.statements(script)).containsExactly("SET 'a' = 'b'", "SELECT x\n  FROM t", "SHOW TABLES");
    }

    @Test
    void aSemicolonInsideALineDoesNotSplitAndCommentsAloneAreNoStatement() {
        assertThat(SqlScripts.statements("SELECT ';' AS s; SELECT 2;\n")).containsExactly("SELECT ';' AS s; SELECT 2");
        assertThat(SqlScripts.statements("-- nothing\n  -- here\n\n")).isEmpty();
    }
}
