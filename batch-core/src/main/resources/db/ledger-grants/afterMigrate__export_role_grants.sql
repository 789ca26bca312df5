-- Flyway callback, run after every `ledgerflow ledger migrate` (LedgerSchema): the export's role,
-- ${exportRole} (empty: none, as on the embedded database, where one login owns everything), gets
-- exactly what the export does and no DDL: insert and read its batches and interface rows, keep the
-- Spring Batch job repository, read the schema history to check the version. GRANT is idempotent.
DO $grants$
DECLARE
    export_role text := '${exportRole}';
BEGIN
    IF export_role = '' THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), export_role);
    EXECUTE format('GRANT SELECT, INSERT ON export_batch, gl_interface TO %I', export_role);
    EXECUTE format('GRANT USAGE ON SEQUENCE %s, %s TO %I', pg_get_serial_sequence('export_batch', 'batch_id'),
        pg_get_serial_sequence('gl_interface', 'interface_id'), export_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON batch_job_instance, batch_job_execution, batch_job_execution_params,'
        ' batch_job_execution_context, batch_step_execution, batch_step_execution_context TO %I', export_role);
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE batch_job_instance_seq, batch_job_execution_seq,'
        ' batch_step_execution_seq TO %I', export_role);
    EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', export_role);
END
$grants$;
