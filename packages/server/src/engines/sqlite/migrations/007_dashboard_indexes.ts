/**
 * Indexes that hold every column a dashboard query reads, so at 100x the demo data the
 * queries walk a narrow index instead of looking up each wide row (the record's JSON), and a
 * payment's invoice fields (net of GST, product line, author) kept on write, so collections need no
 * join to their invoices.
 */
export const up = `
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
-- Walked in due-date order, the overdue list stops at its first rows instead of sorting every unpaid invoice.
CREATE INDEX crm_invoices_overdue ON crm_invoices (tenant_id, due_date, invoice_no, amount, paid, due_day);
-- Month columns whose index is already in month order, so per-month sums need no sort.
ALTER TABLE crm_invoices ADD COLUMN invoice_month TEXT GENERATED ALWAYS AS (substr(invoice_date, 1, 7)) VIRTUAL;
CREATE INDEX crm_invoices_monthly ON crm_invoices (tenant_id, invoice_month, invoice_date, amount, taxable, paid);
CREATE INDEX crm_refunds_status ON crm_refunds (tenant_id, status, processed_at, requested_at);
CREATE INDEX crm_accounts_mrr ON crm_accounts (tenant_id, id, company, mrr);

-- Of the payment's invoice, kept by db/crm.ts as either is written: the payment net of the
-- invoice's GST (the whole amount without an invoice), its product line and author.
ALTER TABLE crm_payments ADD COLUMN net_amount REAL;
ALTER TABLE crm_payments ADD COLUMN invoice_product_line TEXT;
ALTER TABLE crm_payments ADD COLUMN invoice_created_by TEXT;
UPDATE crm_payments SET
  net_amount = amount * coalesce(
    (SELECT i.taxable / nullif(i.amount, 0) FROM crm_invoices i
     WHERE i.tenant_id = crm_payments.tenant_id AND i.id = crm_payments.invoice_id), 1),
  (invoice_product_line, invoice_created_by) = (
    SELECT i.product_line, i.created_by FROM crm_invoices i
    WHERE i.tenant_id = crm_payments.tenant_id AND i.id = crm_payments.invoice_id);
CREATE INDEX crm_payments_collected ON crm_payments (
  tenant_id, paid_at, amount, net_amount, invoice_product_line, invoice_created_by
);
ALTER TABLE crm_payments ADD COLUMN paid_month TEXT GENERATED ALWAYS AS (substr(paid_at, 1, 7)) VIRTUAL;
CREATE INDEX crm_payments_monthly ON crm_payments (tenant_id, paid_month, paid_at, amount, net_amount);
`;
