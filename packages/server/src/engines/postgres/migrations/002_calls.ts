/**
 * Calls, call events and the rollups analytics read, with the column names SQLite has after
 * its migration 006. Times are epoch milliseconds (UTC); `talk_ms` is milliseconds,
 * `talk_*` the talk-time buckets of completed calls, `hour_NN` the local hours, `dow_*` the
 * weekdays. `tenant_id` leads every key and index, so each table can be distributed by tenant.
 * Ids and day keys compare byte by byte (COLLATE "C"), as in SQLite, whatever the database's locale.
 * No foreign key to `tenants`: the call event store reads the tenant row in every append anyway
 * (its time zone) and refuses an unknown one, and a per-row key check cost the ingest path over
 * half of its insert time.
 * Rollup rows leave room on their pages (fillfactor 70): they are updated in place over and over,
 * and an update that finds room on its page writes no index entry (a HOT update).
 */
const TALK_BUCKETS = ['talk_0_30s', 'talk_30s_2m', 'talk_2m_5m', 'talk_5m_15m', 'talk_15m_up'];
const WEEKDAYS = ['dow_sun', 'dow_mon', 'dow_tue', 'dow_wed', 'dow_thu', 'dow_fri', 'dow_sat'];
const HOURS = Array.from({ length: 24 }, (_, h) => `hour_${String(h).padStart(2, '0')}`);

const counts = (names: readonly string[]) => names.map((name) => `  ${name} BIGINT NOT NULL,`).join('\n');

export const up = `
CREATE TABLE call_events (
  tenant_id TEXT NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  call_id TEXT COLLATE "C" NOT NULL,
  -- Assigned by the database, increasing in insertion order (not commit order): the live stream's event id.
  seq BIGSERIAL NOT NULL,
  event TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  -- The event as received (JSON text): parsed by the server, never queried inside.
  payload TEXT NOT NULL,
  PRIMARY KEY (tenant_id, call_id, event_id)
);

CREATE UNIQUE INDEX call_events_by_id ON call_events (tenant_id, event_id);
CREATE INDEX call_events_by_seq ON call_events (tenant_id, seq);

CREATE TABLE calls (
  tenant_id TEXT NOT NULL,
  -- Insertion order, the tie-break of every listing (as SQLite's rowid).
  id BIGINT GENERATED ALWAYS AS IDENTITY,
  call_id TEXT COLLATE "C" NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  ended SMALLINT NOT NULL,
  phone_number TEXT NOT NULL,
  customer_id TEXT COLLATE "C",
  customer_name TEXT,
  agent_id TEXT COLLATE "C",
  start_ms BIGINT NOT NULL,
  answer_ms BIGINT,
  end_ms BIGINT,
  last_event_ms BIGINT NOT NULL,
  duration DOUBLE PRECISION NOT NULL,
  disposition TEXT,
  notes TEXT,
  recording_url TEXT,
  hour_key BIGINT NOT NULL,
  day_key TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, call_id)
);

CREATE INDEX calls_by_start ON calls (tenant_id, start_ms, id);
CREATE INDEX calls_by_customer ON calls (tenant_id, customer_id, start_ms, id) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_by_direction ON calls (tenant_id, direction, start_ms, id);
CREATE INDEX calls_by_status ON calls (tenant_id, status, start_ms, id);
CREATE INDEX calls_live ON calls (tenant_id, last_event_ms) WHERE ended = 0;

CREATE TABLE call_stats_hourly (
  tenant_id TEXT NOT NULL,
  hour_key BIGINT NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  hour_of_day INTEGER NOT NULL,
  day_of_week INTEGER NOT NULL,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
${counts(TALK_BUCKETS)}
  PRIMARY KEY (tenant_id, hour_key, direction, status)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_daily (
  tenant_id TEXT NOT NULL,
  day_key TEXT COLLATE "C" NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  day_of_week INTEGER NOT NULL,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
${counts(TALK_BUCKETS)}
${counts(HOURS)}
  PRIMARY KEY (tenant_id, day_key, direction, status)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_totals (
  tenant_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
${counts(TALK_BUCKETS)}
${counts(HOURS)}
${counts(WEEKDAYS)}
  PRIMARY KEY (tenant_id, direction, status)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_customers (
  tenant_id TEXT NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL,
  customer_name TEXT,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
) WITH (fillfactor = 70);

CREATE INDEX call_stats_customers_top ON call_stats_customers (tenant_id, calls DESC, talk_ms DESC);

CREATE TABLE call_stats_customers_daily (
  tenant_id TEXT NOT NULL,
  day_key TEXT COLLATE "C" NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, day_key, customer_id)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_customers_monthly (
  tenant_id TEXT NOT NULL,
  month_key TEXT COLLATE "C" NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL,
  calls BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, month_key, customer_id)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_agents_daily (
  tenant_id TEXT NOT NULL,
  day_key TEXT COLLATE "C" NOT NULL,
  agent_id TEXT COLLATE "C" NOT NULL,
  calls BIGINT NOT NULL,
  connected BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, day_key, agent_id)
) WITH (fillfactor = 70);

CREATE TABLE call_stats_tenants (
  tenant_id TEXT PRIMARY KEY,
  timezone TEXT NOT NULL,
  calls BIGINT NOT NULL,
  last_activity_ms BIGINT
) WITH (fillfactor = 70);
`;
