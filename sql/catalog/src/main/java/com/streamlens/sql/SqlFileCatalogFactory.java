package com.streamlens.sql;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/** {@code 'type' = 'streamlens-sql-files'}: a {@link SqlFileCatalog} over a DDL directory. */
public class SqlFileCatalogFactory implements CatalogFactory {
    public static final String IDENTIFIER = "streamlens-sql-files";
    public static final ConfigOption<String> DDL_DIR = ConfigOptions.key("ddl-dir").stringType().noDefaultValue()
            .withDescription("directory of .sql files with the CREATE TABLE statements");
    public static final ConfigOption<String> DEFAULT_DATABASE = ConfigOptions.key("default-database").stringType()
            .defaultValue("live"); // not "default": a reserved word that JDBC's unquoted USE cannot name
    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka-bootstrap").stringType()
            .defaultValue("127.0.0.1:9092").withDescription("replaces ${kafka.bootstrap} in the DDL");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DDL_DIR);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(DEFAULT_DATABASE, KAFKA_BOOTSTRAP);
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put("kafka.bootstrap", helper.getOptions().get(KAFKA_BOOTSTRAP));
        return new SqlFileCatalog(context.getName(), helper.getOptions().get(DEFAULT_DATABASE),
                Path.of(helper.getOptions().get(DDL_DIR)), placeholders);
    }
}
