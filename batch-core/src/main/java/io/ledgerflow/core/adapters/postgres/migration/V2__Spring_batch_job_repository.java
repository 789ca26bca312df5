package io.ledgerflow.core.adapters.postgres.migration;

import java.sql.Connection;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The export job's JDBC job repository lives in the ledger database: this migration applies the
 * PostgreSQL schema that ships inside spring-batch-core, so the tables always match the version
 * on the classpath (an upgrade of Spring Batch that changes them comes with a new migration).
 */
public final class V2__Spring_batch_job_repository extends BaseJavaMigration {

    static final String SCHEMA = "org/springframework/batch/core/schema-postgresql.sql";

    @Override
    public void migrate(Context context) {
        Connection connection = context.getConnection();
        ScriptUtils.executeSqlScript(connection, new ClassPathResource(SCHEMA, V2__Spring_batch_job_repository.class.getClassLoader()));
    }
}
