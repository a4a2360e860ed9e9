import { z } from 'zod';
import { IsoDateTime, JsonRecord, PageParam, wellFormed } from './common.ts';
import { LeadStatus } from './dashboards/leads.ts';
import { DealStage } from './dashboards/sales.ts';

/** The CRM's own id of a record (the path segment of `PUT /api/crm/:entity/:id`). */
export const CrmId = wellFormed(z.string().trim().min(1).max(200));
const Name = z.string().trim().min(1).max(300);
const Text = z.string().max(2000);
/** Rupees (paise allowed). */
const Rupees = z.number().min(0).max(1e13);
const IsoDate = z.iso.date();
const Percent = z.number().min(0).max(100);
const Count = z.int().min(0).max(1_000_000);

/** A person of the CRM: sales, leads, support, billing or customer-success rep. */
export const CrmRep = z.object({
  id: CrmId,
  name: Name,
  /** e.g. Inbound, Outbound, Sales, Support, Billing, Customer Success. */
  team: z.string().max(100).default(''),
  role: z.string().max(200).default(''),
  /** The `agentId` this rep's call events carry: calls and connects per rep come from it. */
  agentId: wellFormed(z.string().max(200)).nullish(),
  /** Short label shown on pipeline cards (`TRM`); initials of the name when absent. */
  code: z.string().max(20).nullish(),
  email: z.string().max(300).nullish(),
});
export type CrmRep = z.infer<typeof CrmRep>;

export const LeadQuality = z.enum(['High', 'Medium', 'Low']);
export const LeadChannel = z.enum(['inbound', 'outbound']);

export const CrmLead = z.object({
  id: CrmId,
  name: Name,
  email: z.string().max(300).default(''),
  phone: z.string().max(50).default(''),
  company: z.string().max(300).default(''),
  /** Website, LinkedIn, Referral, Apollo, Event, ... (`Apollo` counts as outbound apolloData). */
  source: z.string().max(100).default(''),
  status: LeadStatus,
  quality: LeadQuality.default('Medium'),
  /** Rep id of the owner. */
  ownerId: CrmId.nullish(),
  useCase: z.string().max(200).default(''),
  channel: LeadChannel.default('inbound'),
  /** Monthly cloud spend of the prospect, in rupees. */
  cloudSpend: Rupees.nullish(),
  techStackMatch: z.boolean().nullish(),
  /** Funnel flags: each one means the lead reached that step. */
  hot: z.boolean().default(false),
  connected: z.boolean().default(false),
  emailed: z.boolean().default(false),
  meetingBooked: z.boolean().default(false),
  demoDone: z.boolean().default(false),
  trialStarted: z.boolean().default(false),
  qualified: z.boolean().default(false),
  converted: z.boolean().default(false),
  createdAt: IsoDateTime,
  lastActivityAt: IsoDateTime.nullish(),
});
export type CrmLead = z.infer<typeof CrmLead>;

export const CrmDeal = z.object({
  id: CrmId,
  name: Name,
  company: z.string().max(300).default(''),
  /** Deal value in rupees. */
  value: Rupees,
  /** Monthly recurring revenue the deal brings, in rupees (sales targets' achieved MRR). */
  mrr: Rupees.default(0),
  stage: DealStage,
  repId: CrmId.nullish(),
  hot: z.boolean().default(false),
  /** Win probability in percent; the stage's default when absent (docs/dashboards.md). */
  probability: Percent.nullish(),
  expectedClose: IsoDate.nullish(),
  createdAt: IsoDateTime,
  /** When the deal was won or lost. */
  closedAt: IsoDateTime.nullish(),
});
export type CrmDeal = z.infer<typeof CrmDeal>;

export const TaskStatus = z.enum(['Open', 'Done', 'Cancelled']);
export const Priority = z.enum(['High', 'Medium', 'Low']);

/** A follow-up: a call, meeting, email, demo or QBR due at a time. */
export const CrmTask = z.object({
  id: CrmId,
  title: Name,
  /** Call, Meeting, Email, Demo, QBR, Renewal, ... */
  type: z.string().min(1).max(50),
  dueAt: IsoDateTime,
  status: TaskStatus.default('Open'),
  priority: Priority.default('Medium'),
  ownerId: CrmId.nullish(),
  relatedType: z.enum(['lead', 'deal', 'account']),
  relatedId: CrmId,
  /** The person to meet or call; the related lead's name (or the deal's name) when absent. */
  contactName: z.string().max(300).nullish(),
  /** What was done last ("Email sent") and when. */
  lastAction: z.string().max(300).nullish(),
  lastActionAt: IsoDateTime.nullish(),
});
export type CrmTask = z.infer<typeof CrmTask>;

/** A line of a recent-activity feed; `area` names the dashboard that shows it. */
export const CrmActivity = z.object({
  id: CrmId,
  area: z.enum(['sales', 'accounts']),
  /** deal, call, meeting, email, qbr, upsell, churn, renewal, ... */
  type: z.string().min(1).max(50),
  /** Rep id of who did it; `user` is shown when there is no such rep ("You"). */
  repId: CrmId.nullish(),
  user: z.string().max(200).nullish(),
  title: z.string().max(300).default(''),
  description: Text,
  details: Text.default(''),
  status: z.string().max(50).nullish(),
  at: IsoDateTime,
});
export type CrmActivity = z.infer<typeof CrmActivity>;

export const CrmSalesTarget = z.object({
  id: CrmId,
  repId: CrmId,
  /** The month, `2025-10`. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month like 2025-10'),
  targetBusiness: Rupees,
  targetMRR: Rupees.default(0),
});
export type CrmSalesTarget = z.infer<typeof CrmSalesTarget>;

/** A customer account with the inputs of its health score. */
export const CrmAccount = z.object({
  id: CrmId,
  company: Name,
  /** Enterprise, Mid-Market, SMB, Startup, ... */
  type: z.string().max(50).default('SMB'),
  mrr: Rupees,
  status: z.enum(['Active', 'Churned']).default('Active'),
  /** CSM rep id. */
  csmId: CrmId.nullish(),
  products: z.array(z.string().max(100)).max(50).default([]),
  startedAt: IsoDate.nullish(),
  churnedAt: IsoDate.nullish(),
  renewalDate: IsoDate.nullish(),
  renewalStatus: z.string().max(50).default('Not Started'),
  /** Likelihood of renewal in percent; the health score when absent. */
  renewalProbability: Percent.nullish(),
  lastQbr: IsoDate.nullish(),
  lastContactAt: IsoDateTime.nullish(),
  /** Share of the contracted capacity in use, percent. */
  usagePercent: Percent.default(100),
  /** Mean days late of its recent payments. */
  paymentDelayDays: z.number().min(0).max(3650).default(0),
  openEscalations: Count.default(0),
  /** NPS survey answers, 0..10. */
  npsResponses: z.array(z.int().min(0).max(10)).max(1000).default([]),
});
export type CrmAccount = z.infer<typeof CrmAccount>;

export const TICKET_STATUSES = [
  'New',
  'In Progress',
  'Waiting Customer',
  'Resolved',
  'Closed',
  'Reopened',
] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export const TicketSeverity = z.enum(['Critical', 'High', 'Medium', 'Low']);

export const CrmTicket = z.object({
  id: CrmId,
  subject: Name,
  customer: z.string().max(300).default(''),
  severity: TicketSeverity,
  status: TicketStatus,
  category: z.string().max(100).default('General'),
  assigneeId: CrmId.nullish(),
  createdAt: IsoDateTime,
  assignedAt: IsoDateTime.nullish(),
  firstResponseAt: IsoDateTime.nullish(),
  resolvedAt: IsoDateTime.nullish(),
  reopenCount: Count.default(0),
  reopenReason: z.string().max(100).nullish(),
  /** Customer satisfaction, 1..5. */
  csat: z.int().min(1).max(5).nullish(),
  /** SLA targets; the severity's defaults when absent (docs/dashboards.md). */
  slaFirstResponseMinutes: z.number().positive().max(100_000).nullish(),
  slaResolutionHours: z.number().positive().max(10_000).nullish(),
});
export type CrmTicket = z.infer<typeof CrmTicket>;

export const CrmShiftHandover = z.object({
  id: CrmId,
  /** e.g. `Morning (6AM-2PM)`. */
  shift: z.string().min(1).max(100),
  /** Rep id, or a name when the person is not a rep of the CRM. */
  handoverBy: wellFormed(z.string().min(1).max(200)),
  notes: Text.default(''),
  at: IsoDateTime,
});
export type CrmShiftHandover = z.infer<typeof CrmShiftHandover>;

export const CrmInvoice = z.object({
  id: CrmId,
  invoiceNo: z.string().min(1).max(100),
  customer: Name,
  accountId: CrmId.nullish(),
  /** Enterprise, Mid-Market, SMB, Startup, Government. */
  customerType: z.string().max(50).default('SMB'),
  orderDate: IsoDate.nullish(),
  invoiceDate: IsoDate,
  dueDate: IsoDate,
  /** Total in rupees including GST. */
  amount: Rupees,
  /** Value before GST; amount / (1 + rate) for Indian supplies when absent, the amount for exports. */
  taxableValue: Rupees.nullish(),
  gstRate: z.number().min(0).max(28).default(18),
  /** An Indian state or union territory, or a country for exports. */
  placeOfSupply: z.string().min(1).max(100),
  gstin: z.string().max(15).nullish(),
  productLine: z.string().max(100).default('Other'),
  createdById: CrmId.nullish(),
  remindersSent: Count.default(0),
  /** An invoice that had to be corrected. */
  hadError: z.boolean().default(false),
});
export type CrmInvoice = z.infer<typeof CrmInvoice>;

export const CrmPayment = z.object({
  id: CrmId,
  invoiceId: CrmId,
  amount: Rupees,
  paidAt: IsoDate,
});
export type CrmPayment = z.infer<typeof CrmPayment>;

export const CrmRefund = z.object({
  id: CrmId,
  invoiceId: CrmId,
  amount: Rupees,
  reason: z.string().max(100).default('Other'),
  processedById: CrmId.nullish(),
  requestedAt: IsoDate,
  processedAt: IsoDate.nullish(),
  status: z.enum(['Requested', 'Processing', 'Completed', 'Rejected']),
});
export type CrmRefund = z.infer<typeof CrmRefund>;

/** Every CRM entity by its path segment under `/api/crm/`. */
export const CRM_ENTITIES = {
  reps: CrmRep,
  leads: CrmLead,
  deals: CrmDeal,
  tasks: CrmTask,
  activities: CrmActivity,
  'sales-targets': CrmSalesTarget,
  accounts: CrmAccount,
  tickets: CrmTicket,
  'shift-handovers': CrmShiftHandover,
  invoices: CrmInvoice,
  payments: CrmPayment,
  refunds: CrmRefund,
} as const;
export type CrmEntity = keyof typeof CRM_ENTITIES;
export const CRM_ENTITY_NAMES = Object.keys(CRM_ENTITIES) as CrmEntity[];

export const MAX_CRM_BATCH = 1000;

/** `POST /api/crm/:entity`: all records are stored, or none (the first bad ones are named). */
export const CrmBulkRequest = z.object({
  records: z.array(JsonRecord).min(1).max(MAX_CRM_BATCH),
});
export type CrmBulkRequest = z.infer<typeof CrmBulkRequest>;

export const CrmBulkResponse = z.object({
  created: z.int().min(0),
  updated: z.int().min(0),
});
export type CrmBulkResponse = z.infer<typeof CrmBulkResponse>;

export const CrmListQuery = z.object({
  page: PageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type CrmListQuery = z.infer<typeof CrmListQuery>;

export const CrmListResponse = z.object({
  records: z.array(JsonRecord),
  page: z.int().min(1),
  pageSize: z.int().min(1),
  total: z.int().min(0),
});
export type CrmListResponse = z.infer<typeof CrmListResponse>;

/** Per-tenant settings of the dashboards: the GST home state. */
export const CrmSettings = z.object({
  /** The supplier's state: supplies there are CGST + SGST, to other states IGST. */
  homeState: z.string().trim().min(1).max(100).default('Maharashtra'),
});
export type CrmSettings = z.infer<typeof CrmSettings>;
