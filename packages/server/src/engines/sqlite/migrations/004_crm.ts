/**
 * CRM records behind the five dashboards (owned by the dashboards work). Each table keeps the
 * validated record as JSON (`data`) and exposes the fields the dashboards filter and add up as
 * generated columns, so one upsert path serves every entity and the aggregates stay in SQL.
 */
const table = (name: string, columns: string, indexes: string[] = []): string => `
CREATE TABLE ${name} (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ${columns},
  PRIMARY KEY (tenant_id, id)
) STRICT;
${indexes.map((on, i) => `CREATE INDEX ${name}_${i} ON ${name} (tenant_id, ${on});`).join('\n')}
`;

const col = (name: string, type: 'TEXT' | 'INTEGER' | 'REAL', path: string): string =>
  `${name} ${type} GENERATED ALWAYS AS (data ->> '$.${path}') STORED`;

/** An instant of the record as epoch milliseconds, so SLA arithmetic needs no date parsing. */
const ms = (name: string, path: string): string =>
  `${name} INTEGER GENERATED ALWAYS AS (CAST(round(unixepoch(data ->> '$.${path}', 'subsec') * 1000) AS INTEGER)) STORED`;

export const up = `
CREATE TABLE crm_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  home_state TEXT NOT NULL DEFAULT 'Maharashtra'
) STRICT;
${table('crm_reps', [col('name', 'TEXT', 'name'), col('team', 'TEXT', 'team'), col('agent_id', 'TEXT', 'agentId')].join(',\n  '), ['agent_id'])}
${table(
  'crm_leads',
  [
    col('status', 'TEXT', 'status'),
    col('owner_id', 'TEXT', 'ownerId'),
    col('channel', 'TEXT', 'channel'),
    col('source', 'TEXT', 'source'),
    col('quality', 'TEXT', 'quality'),
    col('cloud_spend', 'REAL', 'cloudSpend'),
    col('tech_match', 'INTEGER', 'techStackMatch'),
    col('hot', 'INTEGER', 'hot'),
    col('connected', 'INTEGER', 'connected'),
    col('emailed', 'INTEGER', 'emailed'),
    col('meeting', 'INTEGER', 'meetingBooked'),
    col('demo', 'INTEGER', 'demoDone'),
    col('trial', 'INTEGER', 'trialStarted'),
    col('qualified', 'INTEGER', 'qualified'),
    col('converted', 'INTEGER', 'converted'),
    col('created_at', 'TEXT', 'createdAt'),
    col('last_activity_at', 'TEXT', 'lastActivityAt'),
    `recent_at TEXT GENERATED ALWAYS AS (coalesce(data ->> '$.lastActivityAt', data ->> '$.createdAt')) STORED`,
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
    col('stage', 'TEXT', 'stage'),
    col('value', 'REAL', 'value'),
    col('mrr', 'REAL', 'mrr'),
    col('rep_id', 'TEXT', 'repId'),
    col('hot', 'INTEGER', 'hot'),
    col('probability', 'REAL', 'probability'),
    col('closed_at', 'TEXT', 'closedAt'),
  ].join(',\n  '),
  ['stage, value', 'rep_id, closed_at'],
)}
${table(
  'crm_tasks',
  [
    col('due_at', 'TEXT', 'dueAt'),
    col('status', 'TEXT', 'status'),
    col('type', 'TEXT', 'type'),
    col('related_type', 'TEXT', 'relatedType'),
    col('related_id', 'TEXT', 'relatedId'),
  ].join(',\n  '),
  ['related_type, status, due_at', 'status, due_at'],
)}
${table('crm_activities', [col('area', 'TEXT', 'area'), col('at', 'TEXT', 'at')].join(',\n  '), ['area, at'])}
${table(
  'crm_sales_targets',
  [col('rep_id', 'TEXT', 'repId'), col('period', 'TEXT', 'period')].join(',\n  '),
  ['period'],
)}
${table(
  'crm_accounts',
  [
    col('company', 'TEXT', 'company'),
    col('status', 'TEXT', 'status'),
    col('mrr', 'REAL', 'mrr'),
    col('renewal_date', 'TEXT', 'renewalDate'),
    col('started_at', 'TEXT', 'startedAt'),
    col('churned_at', 'TEXT', 'churnedAt'),
  ].join(',\n  '),
  ['status, mrr', 'company'],
)}
${table(
  'crm_tickets',
  [
    col('status', 'TEXT', 'status'),
    col('severity', 'TEXT', 'severity'),
    col('assignee_id', 'TEXT', 'assigneeId'),
    col('created_at', 'TEXT', 'createdAt'),
    col('resolved_at', 'TEXT', 'resolvedAt'),
    col('subject', 'TEXT', 'subject'),
    col('customer', 'TEXT', 'customer'),
    col('category', 'TEXT', 'category'),
    col('assigned_at', 'TEXT', 'assignedAt'),
    col('first_response_at', 'TEXT', 'firstResponseAt'),
    col('reopen_count', 'INTEGER', 'reopenCount'),
    col('reopen_reason', 'TEXT', 'reopenReason'),
    col('csat', 'INTEGER', 'csat'),
    col('sla_frt_minutes', 'REAL', 'slaFirstResponseMinutes'),
    col('sla_resolution_hours', 'REAL', 'slaResolutionHours'),
    ms('created_ms', 'createdAt'),
    ms('assigned_ms', 'assignedAt'),
    ms('first_response_ms', 'firstResponseAt'),
    ms('resolved_ms', 'resolvedAt'),
  ].join(',\n  '),
  ['created_at', 'status', 'resolved_at'],
)}
${table('crm_shift_handovers', [col('at', 'TEXT', 'at')].join(',\n  '), ['at'])}
${table(
  'crm_invoices',
  [
    col('invoice_no', 'TEXT', 'invoiceNo'),
    col('customer', 'TEXT', 'customer'),
    col('account_id', 'TEXT', 'accountId'),
    col('invoice_date', 'TEXT', 'invoiceDate'),
    col('due_date', 'TEXT', 'dueDate'),
    col('amount', 'REAL', 'amount'),
    col('taxable', 'REAL', 'taxableValue'),
    col('product_line', 'TEXT', 'productLine'),
    col('created_by', 'TEXT', 'createdById'),
    col('customer_type', 'TEXT', 'customerType'),
    col('order_date', 'TEXT', 'orderDate'),
    col('place_of_supply', 'TEXT', 'placeOfSupply'),
    col('gstin', 'TEXT', 'gstin'),
    col('reminders', 'INTEGER', 'remindersSent'),
    col('had_error', 'INTEGER', 'hadError'),
    // What was paid on the invoice, kept current as its payments are written (db/crm.ts).
    'paid REAL NOT NULL DEFAULT 0',
    'last_paid TEXT',
    `outstanding REAL GENERATED ALWAYS AS (CASE WHEN amount - paid >= 0.5 THEN amount - paid ELSE 0 END) VIRTUAL`,
    // Day numbers of the due date and the last payment: overdue arithmetic without date parsing.
    `due_day INTEGER GENERATED ALWAYS AS (CAST(julianday(data ->> '$.dueDate') AS INTEGER)) STORED`,
    'paid_day INTEGER GENERATED ALWAYS AS (CAST(julianday(last_paid) AS INTEGER)) STORED',
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
    col('invoice_id', 'TEXT', 'invoiceId'),
    col('amount', 'REAL', 'amount'),
    col('paid_at', 'TEXT', 'paidAt'),
  ].join(',\n  '),
  ['invoice_id, paid_at, amount', 'paid_at, amount, invoice_id'],
)}
${table(
  'crm_refunds',
  [
    col('invoice_id', 'TEXT', 'invoiceId'),
    col('amount', 'REAL', 'amount'),
    col('status', 'TEXT', 'status'),
    col('requested_at', 'TEXT', 'requestedAt'),
    col('processed_at', 'TEXT', 'processedAt'),
  ].join(',\n  '),
  ['requested_at', 'invoice_id'],
)}
`;
