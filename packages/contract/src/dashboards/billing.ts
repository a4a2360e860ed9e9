import { z } from 'zod';

export const BillingKpis = z.object({
  totalInvoiced: z.string(),
  totalCollected: z.string(),
  collectionEfficiency: z.string(),
  pendingReceivables: z.string(),
  overdueAmount: z.string(),
  refundsIssued: z.string(),
  netRevenue: z.string(),
  gstCollected: z.string(),
});

export const OverdueInvoice = z.object({
  invoiceDate: z.string(),
  customer: z.string(),
  type: z.string(),
  typeClass: z.string(),
  invoiceNo: z.string(),
  dueDate: z.string(),
  /** Rupees grouped the Indian way: `"1,25,000"`. */
  amount: z.string(),
  paid: z.string(),
  outstanding: z.string(),
  daysOverdue: z.int().min(0),
  status: z.string(),
  statusClass: z.string(),
});

/** Outstanding overdue amounts per age, in lakhs (`"2.5"`). */
export const AgingBucket = z.object({
  label: z.string(),
  amount: z.string(),
  color: z.string(),
});

export const RefundRow = z.object({
  date: z.string(),
  customer: z.string(),
  invoiceNo: z.string(),
  refundId: z.string(),
  amount: z.string(),
  reason: z.string(),
  processedBy: z.string(),
  status: z.string(),
  statusClass: z.string(),
});

export const RefundMetrics = z.object({
  totalRefunds: z.string(),
  refundCount: z.int().min(0),
  avgProcessingTime: z.string(),
  reasons: z.object({ labels: z.array(z.string()), values: z.array(z.number()) }),
});

export const GstRow = z.object({
  invoiceNo: z.string(),
  customer: z.string(),
  type: z.string(),
  typeClass: z.string(),
  placeOfSupply: z.string(),
  taxableValue: z.string(),
  cgst: z.string(),
  sgst: z.string(),
  igst: z.string(),
  category: z.string(),
});

export const CustomerBillingHealth = z.object({
  name: z.string(),
  mrr: z.string(),
  healthScore: z.number().min(0).max(100),
  avgDelay: z.number().min(0),
  totalOverdues: z.string(),
  refundCount: z.int().min(0),
  riskLevel: z.string(),
  riskClass: z.string(),
});

export const BillingTeamMember = z.object({
  name: z.string(),
  invoices: z.int().min(0),
  amount: z.string(),
  collections: z.string(),
  reminders: z.int().min(0),
  refunds: z.int().min(0),
  errors: z.int().min(0),
  /** Mean days from order to invoice. */
  invoiceTime: z.string(),
  /** Mean days from invoice to payment. */
  paymentTime: z.string(),
});

export const BillingAlert = z.object({
  title: z.string(),
  description: z.string(),
  severity: z.string(),
  action: z.string(),
});

/** `GET /api/dashboards/billing` (and the seed's `billing-api.php`). Series are in lakhs. */
export const BillingDashboard = z.object({
  kpis: BillingKpis,
  overdueDetails: z.array(OverdueInvoice),
  agingBuckets: z.array(AgingBucket),
  refundDetails: z.array(RefundRow),
  refundMetrics: RefundMetrics,
  gstDetails: z.array(GstRow),
  customerHealth: z.array(CustomerBillingHealth),
  teamPerformance: z.array(BillingTeamMember),
  alerts: z.array(BillingAlert),
  salesVsCollection: z.object({
    labels: z.array(z.string()),
    invoiced: z.array(z.number()),
    collected: z.array(z.number()),
    pending: z.array(z.number()),
  }),
  productRevenue: z.object({
    labels: z.array(z.string()),
    invoiced: z.array(z.number()),
    collected: z.array(z.number()),
  }),
});
export type BillingDashboard = z.infer<typeof BillingDashboard>;
