/**
 * Every call event gets a sequence number, the id of the live stream's messages, so a client
 * resumes after `Last-Event-ID` from the database (after a restart too). `seq` is the rowid:
 * SQLite assigns it on insert, and because writers take turns it grows in commit order.
 * `call_events_by_tenant` is (tenant_id, seq), since an index holds the rowid after its columns.
 * Tenants get a key version, raised by every key rotation, which voids older stream tokens.
 */
export const up = `
CREATE TABLE call_events_sequenced (
  seq INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  payload TEXT NOT NULL
) STRICT;

INSERT INTO call_events_sequenced (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload)
  SELECT tenant_id, event_id, call_id, event, ts_ms, received_ms, payload FROM call_events
  ORDER BY received_ms, ts_ms, tenant_id, event_id;

DROP TABLE call_events;
ALTER TABLE call_events_sequenced RENAME TO call_events;

CREATE UNIQUE INDEX call_events_by_id ON call_events (tenant_id, event_id);
CREATE INDEX call_events_by_call ON call_events (tenant_id, call_id, ts_ms);
CREATE INDEX call_events_by_tenant ON call_events (tenant_id);

ALTER TABLE tenants ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
`;
