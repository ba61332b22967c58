-- Where each miner's specs came from (a SpecsSource name: 'specs' for its own Specs answer, 'wandb' for its signed
-- W&B run, 'validator-db' for an original validator's database.db); specs_updated_at already says when that source
-- reported them. Rows written before this migration came from the Specs synapse, the only source there was.
ALTER TABLE miners ADD COLUMN specs_source TEXT;
UPDATE miners SET specs_source = 'specs' WHERE specs IS NOT NULL;
