/**
 * Calls, call events and the aggregates analytics read (owned by the call-logs work).
 * Times are epoch milliseconds (UTC). Aggregate cells hold the contribution of every call
 * that starts in them; `calls` remembers under which hour/day keys each call was counted.
 */
export const up = `
CREATE TABLE call_events (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (tenant_id, call_id, event_id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX call_events_by_id ON call_events (tenant_id, event_id);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  call_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  ended INTEGER NOT NULL,
  phone_number TEXT NOT NULL,
  customer_id TEXT,
  customer_name TEXT,
  agent_id TEXT,
  start_ms INTEGER NOT NULL,
  answer_ms INTEGER,
  end_ms INTEGER,
  last_event_ms INTEGER NOT NULL,
  duration REAL NOT NULL,
  disposition TEXT,
  notes TEXT,
  recording_url TEXT,
  hour_key INTEGER NOT NULL,
  day_key TEXT NOT NULL,
  UNIQUE (tenant_id, call_id)
) STRICT;

CREATE INDEX calls_by_start ON calls (tenant_id, start_ms);
CREATE INDEX calls_by_customer ON calls (tenant_id, customer_id, start_ms) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_by_direction ON calls (tenant_id, direction, start_ms);
CREATE INDEX calls_by_status ON calls (tenant_id, status, start_ms);
CREATE INDEX calls_live ON calls (tenant_id, last_event_ms) WHERE ended = 0;

CREATE TABLE call_stats_hourly (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  hour_key INTEGER NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  hod INTEGER NOT NULL,
  dow INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  b0 INTEGER NOT NULL,
  b1 INTEGER NOT NULL,
  b2 INTEGER NOT NULL,
  b3 INTEGER NOT NULL,
  b4 INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, hour_key, direction, status)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_daily (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  day_key TEXT NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  dow INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  b0 INTEGER NOT NULL,
  b1 INTEGER NOT NULL,
  b2 INTEGER NOT NULL,
  b3 INTEGER NOT NULL,
  b4 INTEGER NOT NULL,
  h0 INTEGER NOT NULL, h1 INTEGER NOT NULL, h2 INTEGER NOT NULL, h3 INTEGER NOT NULL,
  h4 INTEGER NOT NULL, h5 INTEGER NOT NULL, h6 INTEGER NOT NULL, h7 INTEGER NOT NULL,
  h8 INTEGER NOT NULL, h9 INTEGER NOT NULL, h10 INTEGER NOT NULL, h11 INTEGER NOT NULL,
  h12 INTEGER NOT NULL, h13 INTEGER NOT NULL, h14 INTEGER NOT NULL, h15 INTEGER NOT NULL,
  h16 INTEGER NOT NULL, h17 INTEGER NOT NULL, h18 INTEGER NOT NULL, h19 INTEGER NOT NULL,
  h20 INTEGER NOT NULL, h21 INTEGER NOT NULL, h22 INTEGER NOT NULL, h23 INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day_key, direction, status)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_totals (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  b0 INTEGER NOT NULL,
  b1 INTEGER NOT NULL,
  b2 INTEGER NOT NULL,
  b3 INTEGER NOT NULL,
  b4 INTEGER NOT NULL,
  h0 INTEGER NOT NULL, h1 INTEGER NOT NULL, h2 INTEGER NOT NULL, h3 INTEGER NOT NULL,
  h4 INTEGER NOT NULL, h5 INTEGER NOT NULL, h6 INTEGER NOT NULL, h7 INTEGER NOT NULL,
  h8 INTEGER NOT NULL, h9 INTEGER NOT NULL, h10 INTEGER NOT NULL, h11 INTEGER NOT NULL,
  h12 INTEGER NOT NULL, h13 INTEGER NOT NULL, h14 INTEGER NOT NULL, h15 INTEGER NOT NULL,
  h16 INTEGER NOT NULL, h17 INTEGER NOT NULL, h18 INTEGER NOT NULL, h19 INTEGER NOT NULL,
  h20 INTEGER NOT NULL, h21 INTEGER NOT NULL, h22 INTEGER NOT NULL, h23 INTEGER NOT NULL,
  d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, d2 INTEGER NOT NULL, d3 INTEGER NOT NULL,
  d4 INTEGER NOT NULL, d5 INTEGER NOT NULL, d6 INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, direction, status)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_customers (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL,
  customer_name TEXT,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX call_stats_customers_top ON call_stats_customers (tenant_id, calls DESC, talk DESC);

CREATE TABLE call_stats_customers_daily (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  day_key TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day_key, customer_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_customers_monthly (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month_key TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  calls INTEGER NOT NULL,
  talk INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, month_key, customer_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_agents_daily (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  day_key TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  calls INTEGER NOT NULL,
  connected INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day_key, agent_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_stats_tenants (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  timezone TEXT NOT NULL,
  calls INTEGER NOT NULL,
  last_activity_ms INTEGER
) STRICT, WITHOUT ROWID;
`;
