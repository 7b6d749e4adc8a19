import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * scripts/sql: runs a .sql file (or one statement) against the SQL Gateway through the Flink JDBC driver
 * and prints the rows, tab-separated with a header. A streaming query prints rows as they come; stop it
 * with Ctrl-C. Usage: java -cp DRIVER JdbcQuery.java JDBC_URL (FILE.sql | "STATEMENT")
 */
public class JdbcQuery {
    public static void main(String[] args) throws Exception {
        String source = args[1];
        String text = Files.exists(Path.of(source)) ? Files.readString(Path.of(source)) : source;
        try (Connection c = DriverManager.getConnection(args[0]); Statement st = c.createStatement()) {
            for (String part : text.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)")) {
                String sql = part.trim();
                if (sql.isEmpty()) continue;
                if (!st.execute(sql)) continue;
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    StringBuilder header = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) header.append(i > 1 ? "\t" : "").append(md.getColumnLabel(i));
                    System.out.println(header);
                    long rows = 0;
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) row.append(i > 1 ? "\t" : "").append(rs.getObject(i));
                        System.out.println(row);
                        rows++;
                    }
                    System.err.println("(" + rows + " rows)");
                }
            }
        }
    }
}
