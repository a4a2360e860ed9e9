/**
 * CRM records behind the five dashboards, with what SQLite's migrations 004 and 007 hold: each
 * table keeps the validated record as JSONB (`data`) and the fields the dashboards filter and
 * add up as stored generated columns, so one upsert path serves every entity and the
 * aggregates stay in SQL. Text compared or ordered uses the "C" collation (byte order, as SQLite).
 */
const table = (name: string, columns: string, indexes: string[] = []): string => `
CREATE TABLE ${name} (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT COLLATE "C" NOT NULL,
  data JSONB NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  ${columns},
  PRIMARY KEY (tenant_id, id)
);
${indexes.map((on, i) => `CREATE INDEX ${name}_${i} ON ${name} (tenant_id, ${on});`).join('\n')}
`;

const text = (name: string, path: string): string =>
  `${name} TEXT COLLATE "C" GENERATED ALWAYS AS (data ->> '${path}') STORED`;
const real = (name: string, path: string): string =>
  `${name} DOUBLE PRECISION GENERATED ALWAYS AS ((data ->> '${path}')::double precision) STORED`;
const int = (name: string, path: string): string =>
  `${name} INTEGER GENERATED ALWAYS AS ((data ->> '${path}')::integer) STORED`;
/** A JSON boolean as SQLite's `->>` gives it: 1, 0, or null. */
const flag = (name: string, path: string): string =>
  `${name} INTEGER GENERATED ALWAYS AS (CASE data ->> '${path}' WHEN 'true' THEN 1 WHEN 'false' THEN 0 END) STORED`;
/** An instant of the record as epoch milliseconds, so SLA arithmetic needs no date parsing. */
const ms = (name: string, path: string): string =>
  `${name} BIGINT GENERATED ALWAYS AS (crm_epoch_ms(data ->> '${path}')) STORED`;

export const up = `
-- Dates and instants are read as SQLite reads them (years 0000-9999; fractional seconds
-- rounded to the millisecond, capped at .999), by arithmetic on the validated text: no cast
-- that depends on the session's settings, so the functions are immutable.
-- Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
CREATE FUNCTION crm_epoch_day(y INTEGER, m INTEGER, d INTEGER) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + (153 * ((m + 9) % 12) + 2) / 5 + d - 1 - 719468
  FROM (SELECT era, shifted - era * 400 AS yoe
        FROM (SELECT shifted, floor(shifted / 400.0)::integer AS era
              FROM (SELECT y - CASE WHEN m <= 2 THEN 1 ELSE 0 END AS shifted) AS s) AS e) AS parts
$$;
-- SQLite's CAST(julianday(day) AS INTEGER) for a YYYY-MM-DD date.
CREATE FUNCTION crm_day_number(day TEXT) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN crm_epoch_day(substr(day, 1, 4)::integer, substr(day, 6, 2)::integer, substr(day, 9, 2)::integer) + 2440587;
-- Epoch milliseconds of YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM), as SQLite's unixepoch(x, 'subsec') * 1000.
CREATE FUNCTION crm_epoch_ms(instant TEXT) RETURNS BIGINT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN crm_epoch_day(substr(instant, 1, 4)::integer, substr(instant, 6, 2)::integer, substr(instant, 9, 2)::integer)::bigint * 86400000
    + substr(instant, 12, 2)::bigint * 3600000 + substr(instant, 15, 2)::bigint * 60000
    -- SQLite caps the fraction at .999, so a time never rounds up into the next second.
    + floor((substr(instant, 18, 2)::integer
        + least(coalesce(('0' || substring(instant FROM '^.{19}(\\.[0-9]+)'))::double precision, 0), 0.999))
        * 1000 + 0.5)::bigint
    - CASE WHEN upper(right(instant, 1)) = 'Z' THEN 0
      ELSE (CASE substr(instant, length(instant) - 5, 1) WHEN '-' THEN -1 ELSE 1 END)
        * (substr(instant, length(instant) - 4, 2)::bigint * 3600000 + right(instant, 2)::bigint * 60000) END;

CREATE TABLE crm_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  home_state TEXT NOT NULL DEFAULT 'Maharashtra'
);
${table('crm_reps', [text('name', 'name'), text('team', 'team'), text('agent_id', 'agentId')].join(',\n  '), ['agent_id'])}
${table(
  'crm_leads',
  [
    text('status', 'status'),
    text('owner_id', 'ownerId'),
    text('channel', 'channel'),
    text('source', 'source'),
    text('quality', 'quality'),
    real('cloud_spend', 'cloudSpend'),
    flag('tech_match', 'techStackMatch'),
    flag('hot', 'hot'),
    flag('connected', 'connected'),
    flag('emailed', 'emailed'),
    flag('meeting', 'meetingBooked'),
    flag('demo', 'demoDone'),
    flag('trial', 'trialStarted'),
    flag('qualified', 'qualified'),
    flag('converted', 'converted'),
    text('created_at', 'createdAt'),
    text('last_activity_at', 'lastActivityAt'),
    `recent_at TEXT COLLATE "C" GENERATED ALWAYS AS (coalesce(data ->> 'lastActivityAt', data ->> 'createdAt')) STORED`,
  ].join(',\n  '),
  [
    'owner_id, meeting, qualified, converted',
    'recent_at',
    'created_at, hot, qualified, status',
    'status',
    'channel, hot, connected, emailed, meeting, demo, trial, qualified, converted',
    'quality, cloud_spend, tech_match',
  ],
)}
${table(
  'crm_deals',
  [
    text('stage', 'stage'),
    real('value', 'value'),
    real('mrr', 'mrr'),
    text('rep_id', 'repId'),
    flag('hot', 'hot'),
    real('probability', 'probability'),
    text('closed_at', 'closedAt'),
  ].join(',\n  '),
  ['stage, value', 'rep_id, closed_at'],
)}
${table(
  'crm_tasks',
  [
    text('due_at', 'dueAt'),
    text('status', 'status'),
    text('type', 'type'),
    text('related_type', 'relatedType'),
    text('related_id', 'relatedId'),
  ].join(',\n  '),
  ['related_type, status, due_at', 'status, due_at'],
)}
${table('crm_activities', [text('area', 'area'), text('at', 'at')].join(',\n  '), ['area, at'])}
${table('crm_sales_targets', [text('rep_id', 'repId'), text('period', 'period')].join(',\n  '), ['period'])}
${table(
  'crm_accounts',
  [
    text('company', 'company'),
    text('status', 'status'),
    real('mrr', 'mrr'),
    text('renewal_date', 'renewalDate'),
    text('started_at', 'startedAt'),
    text('churned_at', 'churnedAt'),
  ].join(',\n  '),
  ['status, mrr', 'company'],
)}
${table(
  'crm_tickets',
  [
    text('status', 'status'),
    text('severity', 'severity'),
    text('assignee_id', 'assigneeId'),
    text('created_at', 'createdAt'),
    text('resolved_at', 'resolvedAt'),
    text('subject', 'subject'),
    text('customer', 'customer'),
    text('category', 'category'),
    text('assigned_at', 'assignedAt'),
    text('first_response_at', 'firstResponseAt'),
    int('reopen_count', 'reopenCount'),
    text('reopen_reason', 'reopenReason'),
    int('csat', 'csat'),
    real('sla_frt_minutes', 'slaFirstResponseMinutes'),
    real('sla_resolution_hours', 'slaResolutionHours'),
    ms('created_ms', 'createdAt'),
    ms('assigned_ms', 'assignedAt'),
    ms('first_response_ms', 'firstResponseAt'),
    ms('resolved_ms', 'resolvedAt'),
  ].join(',\n  '),
  ['created_at', 'status', 'resolved_at'],
)}
${table('crm_shift_handovers', [text('at', 'at')].join(',\n  '), ['at'])}
${table(
  'crm_invoices',
  [
    text('invoice_no', 'invoiceNo'),
    text('customer', 'customer'),
    text('account_id', 'accountId'),
    text('invoice_date', 'invoiceDate'),
    text('due_date', 'dueDate'),
    real('amount', 'amount'),
    real('taxable', 'taxableValue'),
    text('product_line', 'productLine'),
    text('created_by', 'createdById'),
    text('customer_type', 'customerType'),
    text('order_date', 'orderDate'),
    text('place_of_supply', 'placeOfSupply'),
    text('gstin', 'gstin'),
    int('reminders', 'remindersSent'),
    flag('had_error', 'hadError'),
    // What was paid on the invoice, kept current as its payments are written (postgres/crm.ts).
    'paid DOUBLE PRECISION NOT NULL DEFAULT 0',
    'last_paid TEXT COLLATE "C"',
    // A generated column cannot read another one: these read the record itself.
    `outstanding DOUBLE PRECISION GENERATED ALWAYS AS (CASE WHEN (data ->> 'amount')::double precision - paid >= 0.5
       THEN (data ->> 'amount')::double precision - paid ELSE 0 END) STORED`,
    // Day numbers of the due date and the last payment: overdue arithmetic without date parsing.
    `due_day INTEGER GENERATED ALWAYS AS (crm_day_number(data ->> 'dueDate')) STORED`,
    'paid_day INTEGER GENERATED ALWAYS AS (crm_day_number(last_paid)) STORED',
    `invoice_month TEXT COLLATE "C" GENERATED ALWAYS AS (substr(data ->> 'invoiceDate', 1, 7)) STORED`,
  ].join(',\n  '),
  [
    'invoice_date, amount, taxable, paid, product_line',
    'outstanding, due_date, due_day',
    'customer, account_id, invoice_date, due_day, amount, taxable, paid, paid_day, last_paid',
    'id, amount, taxable, product_line, created_by, invoice_no, customer',
  ],
)}
${table(
  'crm_payments',
  [
    text('invoice_id', 'invoiceId'),
    real('amount', 'amount'),
    text('paid_at', 'paidAt'),
    `paid_month TEXT COLLATE "C" GENERATED ALWAYS AS (substr(data ->> 'paidAt', 1, 7)) STORED`,
    // Of the payment's invoice, kept by postgres/crm.ts as either is written: the payment net
    // of the invoice's GST (the whole amount without an invoice), its product line and author.
    'net_amount DOUBLE PRECISION',
    'invoice_product_line TEXT COLLATE "C"',
    'invoice_created_by TEXT COLLATE "C"',
  ].join(',\n  '),
  ['invoice_id, paid_at, amount', 'paid_at, amount, invoice_id'],
)}
${table(
  'crm_refunds',
  [
    text('invoice_id', 'invoiceId'),
    real('amount', 'amount'),
    text('status', 'status'),
    text('requested_at', 'requestedAt'),
    text('processed_at', 'processedAt'),
  ].join(',\n  '),
  ['requested_at', 'invoice_id'],
)}

-- SQLite's migration 007: indexes that hold every column a dashboard query reads.
CREATE INDEX crm_deals_pipeline ON crm_deals (tenant_id, stage, value DESC, id, hot, probability);
CREATE INDEX crm_tasks_due ON crm_tasks (tenant_id, due_at, related_type, status, type);
CREATE INDEX crm_tasks_open ON crm_tasks (tenant_id, related_type, status, type, due_at);
CREATE INDEX crm_tickets_window ON crm_tickets (
  tenant_id, created_at, severity, assignee_id, created_ms, assigned_ms, first_response_ms, resolved_ms,
  reopen_count, reopen_reason, csat, sla_frt_minutes, sla_resolution_hours
);
CREATE INDEX crm_tickets_resolved ON crm_tickets (tenant_id, resolved_at, resolved_ms, created_ms);
CREATE INDEX crm_tickets_status ON crm_tickets (tenant_id, status, severity);
CREATE INDEX crm_invoices_team ON crm_invoices (
  tenant_id, invoice_date, created_by, amount, reminders, had_error, order_date, last_paid, paid
);
CREATE INDEX crm_invoices_overdue ON crm_invoices (tenant_id, due_date, invoice_no, amount, paid, due_day);
CREATE INDEX crm_invoices_monthly ON crm_invoices (tenant_id, invoice_month, invoice_date, amount, taxable, paid);
CREATE INDEX crm_refunds_status ON crm_refunds (tenant_id, status, processed_at, requested_at);
CREATE INDEX crm_accounts_mrr ON crm_accounts (tenant_id, id, company, mrr);
CREATE INDEX crm_payments_collected ON crm_payments (
  tenant_id, paid_at, amount, net_amount, invoice_product_line, invoice_created_by
);
CREATE INDEX crm_payments_monthly ON crm_payments (tenant_id, paid_month, paid_at, amount, net_amount);
`;
