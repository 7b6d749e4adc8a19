package com.streamlens.jobs.testing;

import com.streamlens.operators.testing.RedisServer;
import com.streamlens.sql.SqlFileCatalogFactory;
import com.streamlens.sql.SqlScripts;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.SqlGateway;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;

/**
 * A real Flink SQL Gateway in the test JVM, bound to a (Mini)cluster's REST endpoint, with the
 * repository's sql/tables registered as catalog {@code streamlens} through a file catalog store, as
 * scripts/run-local does. JDBC goes through the real Flink JDBC driver bundle, loaded in its own class
 * loader because it carries Flink 2.3 classes.
 */
public final class SqlGatewayServer implements AutoCloseable {
    private final SqlGateway gateway;
    private final int port;
    private final URLClassLoader driverLoader;

    private SqlGatewayServer(SqlGateway gateway, int port, URLClassLoader driverLoader) {
        this.gateway = gateway;
        this.port = port;
        this.driverLoader = driverLoader;
    }

    public static SqlGatewayServer start(URI flinkRest, String kafkaBootstrap, Path workDir) throws Exception {
        Path store = Files.createDirectories(workDir.resolve("catalog-store"));
        Path ddl = Repository.path("sql", "tables");
        Files.writeString(store.resolve("streamlens.yaml"), "type: " + SqlFileCatalogFactory.IDENTIFIER + "\n"
                + "ddl-dir: " + ddl + "\n" + "kafka-bootstrap: " + kafkaBootstrap + "\n");
        int port = RedisServer.freePort();
        Configuration conf = new Configuration();
        conf.setString("sql-gateway.endpoint.rest.address", "127.0.0.1");
        conf.setString("sql-gateway.endpoint.rest.bind-address", "127.0.0.1");
        conf.setString("sql-gateway.endpoint.rest.port", String.valueOf(port));
        conf.setString("execution.target", "remote");
        conf.setString("rest.address", flinkRest.getHost());
        conf.setString("rest.port", String.valueOf(flinkRest.getPort()));
        conf.setString("table.catalog-store.kind", "file");
        conf.setString("table.catalog-store.file.path", store.toUri().toString());
        DefaultContext context = new DefaultContext(conf, List.of());
        SqlGateway gateway = new SqlGateway(context.getFlinkConfig(), SessionManager.create(context));
        gateway.start();
        Path driverJar = Path.of("target", "jdbc-driver", "flink-sql-jdbc-driver-bundle.jar").toAbsolutePath();
        if (!Files.exists(driverJar)) throw new IllegalStateException(driverJar + " missing: run through Maven (it copies the driver)");
        // The bundle expects SLF4J from its host application.
        URL slf4j = org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL(), slf4j}, ClassLoader.getPlatformClassLoader());
        return new SqlGatewayServer(gateway, port, loader);
    }

    public String url() {
        return "jdbc:flink://127.0.0.1:" + port + "/streamlens/live";
    }

    /** A JDBC connection through the Flink JDBC driver; call JDBC methods inside {@link #withDriver}. */
    public Connection connect() throws Exception {
        return connect(url());
    }

    /** A JDBC connection to any URL through the same driver (a gateway that is not there included). */
    public Connection connect(String url) throws Exception {
        return withDriver(() -> {
            Driver driver = (Driver) Class.forName("org.apache.flink.table.jdbc.FlinkDriver", true, driverLoader)
                    .getDeclaredConstructor().newInstance();
            return driver.connect(url, new Properties());
        });
    }

    public interface JdbcWork<T> {
        T run() throws Exception;
    }

    /** Runs JDBC calls with the driver's class loader as context loader (it discovers its own services). */
    public <T> T withDriver(JdbcWork<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(driverLoader);
        try {
            return work.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Runs an example query file statement by statement through JDBC, as an analyst would, and returns the
     * rows of its SELECT (column label → value). {@code rewrite} may adapt the SELECT to the test's data.
     */
    public List<Map<String, Object>> runQueryFile(Path file, java.util.function.UnaryOperator<String> rewrite) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        withDriver(() -> {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                for (String sql : SqlScripts.statements(Files.readString(file))) {
                    if (!sql.regionMatches(true, 0, "SELECT", 0, 6)) {
                        st.execute(sql);
                        continue;
                    }
                    try (ResultSet rs = st.executeQuery(rewrite.apply(sql))) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), rs.getObject(i));
                            rows.add(row);
                        }
                    }
                }
            }
            return null;
        });
        return rows;
    }

    @Override
    public void close() throws Exception {
        gateway.stop();
        driverLoader.close();
    }
}
