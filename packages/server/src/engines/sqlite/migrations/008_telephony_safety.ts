/**
 * Exotel credentials sealed at rest (the key and token columns go: settings saved before
 * this must be saved again, with SECRETS_KEY set), and the monthly call slots that make the
 * limit one atomic statement. The clear values are overwritten with secure_delete on, so
 * the freed space does not keep them.
 */
export const up = `
PRAGMA secure_delete = ON;
UPDATE telephony_settings SET api_key = '', api_token = '';
ALTER TABLE telephony_settings ADD COLUMN sealed_credentials TEXT NOT NULL DEFAULT '';
ALTER TABLE telephony_settings DROP COLUMN api_key;
ALTER TABLE telephony_settings DROP COLUMN api_token;
PRAGMA secure_delete = OFF;

CREATE TABLE call_slots (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month_start_ms INTEGER NOT NULL,
  taken INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, month_start_ms)
) STRICT, WITHOUT ROWID;
`;
