-- A month may have more than one export batch: the first (FULL) and, after an audited reopen of the
-- exported month, ADJUSTMENT batches that carry the difference between the month's new summary and
-- what the ledger already holds (net deltas per currency, account, department and tax code), so that
-- the sum of a month's batches always equals the month's summary. Each batch records the digest of
-- its own lines and of the month's position after it: exporting again compares content, not just
-- (ledger, period).
ALTER TABLE export_batch ADD COLUMN sequence INTEGER NOT NULL DEFAULT 1;
ALTER TABLE export_batch ADD COLUMN kind VARCHAR(12) NOT NULL DEFAULT 'FULL';
ALTER TABLE export_batch ADD COLUMN lines_digest VARCHAR(64);
ALTER TABLE export_batch ADD COLUMN month_digest VARCHAR(64);
ALTER TABLE export_batch DROP CONSTRAINT export_batch_one_per_period;
ALTER TABLE export_batch ADD CONSTRAINT export_batch_one_per_sequence UNIQUE (ledger, period, sequence);
ALTER TABLE export_batch ADD CONSTRAINT export_batch_kind CHECK (kind IN ('FULL', 'ADJUSTMENT'));
