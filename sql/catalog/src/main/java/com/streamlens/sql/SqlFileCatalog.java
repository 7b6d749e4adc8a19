package com.streamlens.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog whose tables are the {@code CREATE TABLE}/{@code CREATE VIEW} statements of the {@code sql/tables}
 * directory: the repository's DDL is the one definition of every live table, and a SQL Gateway that lists
 * this catalog in its catalog store offers those tables to every session (JDBC included). Placeholders
 * {@code ${name}} in the DDL are replaced by the catalog's {@code placeholders} (e.g. Kafka's address).
 */
public class SqlFileCatalog extends GenericInMemoryCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SqlFileCatalog.class);

    private final Path ddlDir;
    private final Map<String, String> placeholders;

    public SqlFileCatalog(String name, String defaultDatabase, Path ddlDir, Map<String, String> placeholders) {
        super(name, defaultDatabase);
        this.ddlDir = ddlDir;
        this.placeholders = placeholders;
    }

    @Override
    public void open() throws CatalogException {
        super.open();
        // The DDL runs in a private environment against a scratch catalog; the resulting tables are copied here.
        TableEnvironment scratchEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        GenericInMemoryCatalog scratch = new GenericInMemoryCatalog("scratch", getDefaultDatabase());
        scratchEnv.registerCatalog("scratch", scratch);
        scratchEnv.useCatalog("scratch");
        List<String> statements = statements();
        for (String statement : statements) {
            try {
                scratchEnv.executeSql(statement);
            } catch (RuntimeException e) {
                throw new CatalogException("bad DDL in " + ddlDir + ": " + e.getMessage() + "\n" + statement, e);
            }
        }
        try {
            for (String table : scratch.listTables(getDefaultDatabase())) {
                ObjectPath path = new ObjectPath(getDefaultDatabase(), table);
                CatalogBaseTable t = scratch.getTable(path);
                if (t instanceof CatalogView v) t = inThisCatalog(v);
                createTable(path, t, false);
            }
        } catch (Exception e) {
            throw new CatalogException("cannot register the tables of " + ddlDir, e);
        }
        LOG.info("catalog {}: {} statements from {}", getName(), statements.size(), ddlDir);
    }

    /**
     * A view of the DDL files, its expanded query naming this catalog instead of the scratch one it was planned in
     * (`scratch`.`live`.`recommendations` → `streamlens`.`live`.`recommendations`).
     */
    private CatalogView inThisCatalog(CatalogView v) {
        String expanded = v.getExpandedQuery().replace("`scratch`.", "`" + getName() + "`.");
        return CatalogView.of(v.getUnresolvedSchema(), v.getComment(), v.getOriginalQuery(), expanded, v.getOptions());
    }

    /** The directory's statements, files in name order, split at semicolons that end a line. */
    List<String> statements() {
        if (!Files.isDirectory(ddlDir)) throw new CatalogException("DDL directory " + ddlDir + " does not exist");
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ddlDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String sql = Files.readString(f);
                for (Map.Entry<String, String> ph : placeholders.entrySet()) sql = sql.replace("${" + ph.getKey() + "}", ph.getValue());
                out.addAll(SqlScripts.statements(sql));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
