import { CRM_ENTITY_NAMES, type CrmEntity, type LeadStatus } from '@call-ribbon/contract';
import { seededRandom } from './calls/random.ts';
import { validateRecord } from './crm/records.ts';
import { isIndianState } from './dashboards/gst.ts';
import { addDays, addMonths, localDate, zonedInstant } from './dashboards/time.ts';
import type { CrmRecordStore } from './stores/index.ts';

/**
 * The demo tenant's people: sales, leads, support, billing and customer-success reps. Demo calls
 * use these `agentId`s, so the dashboards count each rep's calls from the call logs.
 */
export interface DemoRep {
  id: string;
  name: string;
  team: 'Inbound' | 'Outbound' | 'Sales' | 'Support' | 'Billing' | 'Customer Success';
  role: string;
  agentId: string;
  code: string;
}

export const demoReps: readonly DemoRep[] = [
  {
    id: 'rep-amit',
    name: 'Amit Kumar',
    team: 'Inbound',
    role: 'Lead Specialist',
    agentId: 'agent-amit',
    code: 'AK',
  },
  {
    id: 'rep-priya',
    name: 'Priya Singh',
    team: 'Outbound',
    role: 'Lead Specialist',
    agentId: 'agent-priya',
    code: 'PS',
  },
  { id: 'rep-rahul', name: 'Rahul Nair', team: 'Outbound', role: 'SDR', agentId: 'agent-rahul', code: 'RN' },
  {
    id: 'rep-tanvi',
    name: 'Tanvi R Mehta',
    team: 'Sales',
    role: 'Account Executive',
    agentId: 'agent-tanvi',
    code: 'TRM',
  },
  {
    id: 'rep-latif',
    name: 'Latif Shaikh',
    team: 'Sales',
    role: 'Account Executive',
    agentId: 'agent-latif',
    code: 'LS',
  },
  {
    id: 'rep-rajesh',
    name: 'Rajesh Kumar',
    team: 'Support',
    role: 'Senior Support Engineer',
    agentId: 'agent-rajesh',
    code: 'RK',
  },
  {
    id: 'rep-sneha',
    name: 'Sneha Verma',
    team: 'Support',
    role: 'Support Engineer',
    agentId: 'agent-sneha',
    code: 'SV',
  },
  {
    id: 'rep-arjun',
    name: 'Arjun Patel',
    team: 'Support',
    role: 'Support Engineer',
    agentId: 'agent-arjun',
    code: 'AP',
  },
  {
    id: 'rep-neha',
    name: 'Neha Mehta',
    team: 'Customer Success',
    role: 'CSM',
    agentId: 'agent-neha',
    code: 'NM',
  },
  {
    id: 'rep-vikas',
    name: 'Vikas Rao',
    team: 'Customer Success',
    role: 'CSM',
    agentId: 'agent-vikas',
    code: 'VR',
  },
  {
    id: 'rep-kavita',
    name: 'Kavita Gupta',
    team: 'Billing',
    role: 'Billing Executive',
    agentId: 'agent-kavita',
    code: 'KG',
  },
  {
    id: 'rep-farhan',
    name: 'Farhan Siddiqui',
    team: 'Billing',
    role: 'Collections Executive',
    agentId: 'agent-farhan',
    code: 'FS',
  },
];

/** Agent ids of the reps who place calls (leads and sales teams), for the demo call logs. */
export const demoCallingAgentIds: readonly string[] = demoReps
  .filter((rep) => rep.team === 'Inbound' || rep.team === 'Outbound' || rep.team === 'Sales')
  .map((rep) => rep.agentId);

const DAY = 86_400_000;

interface DemoAccountProfile {
  company: string;
  state: string;
  type: 'Enterprise' | 'Mid-Market' | 'SMB' | 'Startup';
  /** 0 good payer .. 1 bad payer. */
  risk: number;
}

const COMPANIES: readonly DemoAccountProfile[] = [
  { company: 'Tata Cloudworks', state: 'Maharashtra', type: 'Enterprise', risk: 0.1 },
  { company: 'Infoline Systems', state: 'Karnataka', type: 'Enterprise', risk: 0.2 },
  { company: 'TechVision Corp', state: 'Maharashtra', type: 'Enterprise', risk: 0.95 },
  { company: 'CloudBase Solutions', state: 'Karnataka', type: 'Mid-Market', risk: 0.15 },
  { company: 'Delta Systems', state: 'Tamil Nadu', type: 'Enterprise', risk: 0.05 },
  { company: 'Beta Solutions', state: 'Maharashtra', type: 'Mid-Market', risk: 0.3 },
  { company: 'Epsilon Infotech', state: 'Telangana', type: 'SMB', risk: 0.7 },
  { company: 'DataFlow Systems', state: 'Gujarat', type: 'Mid-Market', risk: 0.4 },
  { company: 'Kaveri Logistics', state: 'Karnataka', type: 'SMB', risk: 0.55 },
  { company: 'Ganga Fintech', state: 'Uttar Pradesh', type: 'Startup', risk: 0.8 },
  { company: 'Sahyadri Retail', state: 'Maharashtra', type: 'SMB', risk: 0.25 },
  { company: 'Coromandel Health', state: 'Tamil Nadu', type: 'Mid-Market', risk: 0.35 },
  { company: 'Aravalli Media', state: 'Rajasthan', type: 'SMB', risk: 0.6 },
  { company: 'Hooghly Analytics', state: 'West Bengal', type: 'Startup', risk: 0.45 },
  { company: 'Nilgiri Foods', state: 'Kerala', type: 'SMB', risk: 0.2 },
  { company: 'Deccan EdTech', state: 'Telangana', type: 'Startup', risk: 0.65 },
  { company: 'Konkan Shipping', state: 'Goa', type: 'Mid-Market', risk: 0.1 },
  { company: 'Narmada Power', state: 'Madhya Pradesh', type: 'Enterprise', risk: 0.3 },
  { company: 'Pune Precision', state: 'Maharashtra', type: 'SMB', risk: 0.85 },
  { company: 'Indus Insurance', state: 'Delhi', type: 'Enterprise', risk: 0.15 },
  { company: 'Malabar Spices', state: 'Kerala', type: 'SMB', risk: 0.5 },
  { company: 'Vindhya Pharma', state: 'Gujarat', type: 'Mid-Market', risk: 0.75 },
  { company: 'Chambal Motors', state: 'Haryana', type: 'Mid-Market', risk: 0.2 },
  { company: 'Brahmaputra Tea', state: 'Assam', type: 'SMB', risk: 0.9 },
  { company: 'Global Tech Inc', state: 'USA', type: 'Enterprise', risk: 0.1 },
  { company: 'Lion City Digital', state: 'Singapore', type: 'Mid-Market', risk: 0.2 },
  { company: 'Marina Bay Labs', state: 'Singapore', type: 'Startup', risk: 0.5 },
  { company: 'Lotus Hospitality', state: 'Maharashtra', type: 'Mid-Market', risk: 0.6 },
  { company: 'Saffron Textiles', state: 'Gujarat', type: 'SMB', risk: 0.35 },
  { company: 'Himalaya Outdoors', state: 'Uttarakhand', type: 'Startup', risk: 0.4 },
];

const PRODUCTS = ['VMs', 'K8s', 'Storage', 'Database', 'DR/Backup'] as const;
const PRODUCT_LINES: Record<string, string> = {
  VMs: 'VMs',
  K8s: 'Kubernetes',
  Storage: 'Storage',
  Database: 'Database',
  'DR/Backup': 'DR/Backup',
};
const FIRST = [
  'Rohan',
  'Sneha',
  'Rahul',
  'Priya',
  'Vikram',
  'Ananya',
  'Karan',
  'Meera',
  'Arjun',
  'Divya',
  'Nikhil',
  'Pooja',
  'Aditya',
  'Isha',
  'Siddharth',
  'Kavya',
  'Manish',
  'Shreya',
  'Harsh',
  'Neha',
];
const LAST = [
  'Sharma',
  'Patel',
  'Verma',
  'Iyer',
  'Reddy',
  'Nair',
  'Gupta',
  'Joshi',
  'Mehta',
  'Kulkarni',
  'Banerjee',
  'Desai',
  'Rao',
  'Malhotra',
  'Chatterjee',
  'Menon',
];
const LEAD_COMPANIES = [
  'TechCorp Solutions',
  'Nimbus Softech',
  'Quantum Retail',
  'Zenith Finserv',
  'Orbit Logistics',
  'Pixel Studios',
  'Vertex Health',
  'Apex Manufacturing',
  'Cobalt Labs',
  'Horizon Travels',
  'Sapphire Realty',
  'Trident Pharma',
];
const USE_CASES = ['Kubernetes', 'Database', 'Migration', 'DR/Backup', 'Storage', 'VMs', 'AI/GPU'];
const STATUS_WEIGHTS: readonly [LeadStatus, number][] = [
  ['Not Called', 18],
  ['Invalid Number', 6],
  ['Called – No Answer', 13],
  ['Called – Not Interested', 8],
  ['Meeting Scheduled', 12],
  ['Follow-up Required', 15],
  ['Do Not Call', 3],
  ['Callback Requested', 5],
  ['No Longer at Company', 3],
  ['Sent Information – Awaiting', 7],
  ['In Lock-In', 4],
  ['Wrong Details', 2],
  ['Disconnect', 2],
];
const TICKET_SUBJECTS: readonly [string, string][] = [
  ['VM connectivity issue', 'Infrastructure'],
  ['K8s pod restarts in production', 'Kubernetes'],
  ['Backup job failing nightly', 'DR/Backup'],
  ['Database replication lag', 'Database'],
  ['Invoice GST mismatch', 'Billing'],
  ['Storage volume not mounting', 'Storage'],
  ['Load balancer 502 errors', 'Networking'],
  ['Unable to reset console password', 'Access'],
];
const REOPEN_REASONS = ['Incomplete Fix', 'Root Cause', 'Bad Comm', 'Customer', 'Alert'];
const REFUND_REASONS = ['Service Issue', 'Billing Error', 'Duplicate', 'Cancellation', 'Other'];

type Rng = () => number;
/** The earlier of two `YYYY-MM-DD` dates. */
const notAfter = (date: string, limit: string): string => [date, limit].sort()[0]!;
const between = (rng: Rng, low: number, high: number): number => low + (high - low) * rng();
const intBetween = (rng: Rng, low: number, high: number): number => Math.floor(between(rng, low, high + 1));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const weighted = <T>(rng: Rng, list: readonly (readonly [T, number])[]): T => {
  let roll = rng() * list.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of list) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return list[list.length - 1]![0];
};

/** Records per entity, in the shape `POST /api/crm/:entity` accepts. */
export type DemoCrmData = Record<CrmEntity, Record<string, unknown>[]>;

/**
 * The demo CRM: reps, accounts, leads, deals, tasks, activities, targets, tickets, handovers,
 * invoices, payments and refunds of Indian companies, with dates relative to `now`. The same
 * `now`, seed and scale always give the same records; `scale` multiplies the volume (benchmarks).
 */
export const demoCrmData = (
  now: Date,
  options: { seed?: number; scale?: number; timeZone?: string } = {},
): DemoCrmData => {
  const rng = seededRandom(options.seed ?? 4004);
  const scale = Math.max(1, Math.floor(options.scale ?? 1));
  const timeZone = options.timeZone ?? 'Asia/Kolkata';
  const today = localDate(now, timeZone);
  const at = (daysAgo: number): string => new Date(now.getTime() - daysAgo * DAY).toISOString();
  /** A moment of today (local) between `hour` and now-or-later. */
  const todayAt = (hour: number, minute = 0): string =>
    zonedInstant(today, timeZone, hour, minute).toISOString();
  const monthStart = zonedInstant(`${today.slice(0, 7)}-01`, timeZone).getTime();
  /** An instant in the current month, not after now. */
  const thisMonth = (): string => new Date(monthStart + rng() * (now.getTime() - monthStart)).toISOString();
  const data: DemoCrmData = {
    reps: demoReps.map(({ id, name, team, role, agentId, code }) => ({
      id,
      name,
      team,
      role,
      agentId,
      code,
    })),
    leads: [],
    deals: [],
    tasks: [],
    activities: [],
    'sales-targets': [],
    accounts: [],
    tickets: [],
    'shift-handovers': [],
    invoices: [],
    payments: [],
    refunds: [],
  };
  const person = () => `${pick(rng, FIRST)} ${pick(rng, LAST)}`;

  for (let copy = 0; copy < scale; copy++) {
    const suffix = copy === 0 ? '' : `-${copy}`;
    const label = (name: string) => (copy === 0 ? name : `${name} ${copy + 1}`);

    // Accounts, their invoices, payments and refunds.
    COMPANIES.forEach((profile, index) => {
      const id = `ACC-${String(index + 1).padStart(3, '0')}${suffix}`;
      const churned = index % 10 === 9;
      const mrr = Math.round(
        (profile.type === 'Enterprise'
          ? between(rng, 1.5, 3.6)
          : profile.type === 'Mid-Market'
            ? between(rng, 0.6, 1.8)
            : between(rng, 0.2, 0.7)) * 100_000,
      );
      const products = PRODUCTS.filter((_, i) => i === index % 5 || rng() < 0.35);
      const bad = profile.risk;
      data.accounts.push({
        id,
        company: label(profile.company),
        type: profile.type,
        mrr,
        status: churned ? 'Churned' : 'Active',
        csmId: index % 2 === 0 ? 'rep-neha' : 'rep-vikas',
        products,
        startedAt: addDays(today, -intBetween(rng, 200, 900)),
        churnedAt: churned ? addDays(today, -intBetween(rng, 20, 140)) : null,
        renewalDate: addDays(today, intBetween(rng, -10, 240) - (index % 3 === 0 ? 170 : 0)),
        renewalStatus: pick(rng, ['Not Started', 'In Progress', 'In Progress', 'Negotiating']),
        renewalProbability: rng() < 0.5 ? Math.round(100 - bad * 70 - rng() * 10) : null,
        lastQbr: addDays(today, -intBetween(rng, 10, 160)),
        lastContactAt: at(Math.round(bad * 40 * rng() + rng() * 6)),
        usagePercent: Math.round(Math.min(100, 100 - bad * 75 + between(rng, -5, 10))),
        paymentDelayDays: Math.round(bad * 40 * rng()),
        openEscalations: Math.round(bad * 3.4 * rng()),
        npsResponses: Array.from({ length: intBetween(rng, 1, 5) }, () =>
          Math.max(0, Math.min(10, Math.round(10 - bad * 8 + between(rng, -2, 2)))),
        ),
      });
      if (churned) return;

      const overseas = !isIndianState(profile.state);
      for (let monthsAgo = 5; monthsAgo >= 0; monthsAgo--) {
        const month = addMonths(today.slice(0, 7), -monthsAgo);
        const lastDay = Math.min(5, monthsAgo === 0 ? Number(today.slice(8, 10)) : 5);
        const invoiceDate = `${month}-${String(intBetween(rng, 1, lastDay)).padStart(2, '0')}`;
        const invoiceId = `INV-${month.replace('-', '')}-${String(index + 1).padStart(3, '0')}${suffix}`;
        // Usage-based billing moves around the MRR from month to month.
        const billed = Math.round(mrr * between(rng, 0.88, 1.15));
        const amount = overseas ? billed : Math.round(billed * 1.18);
        const dueDate = addDays(invoiceDate, profile.type === 'Enterprise' ? 15 : 10);
        data.invoices.push({
          id: invoiceId,
          invoiceNo: invoiceId,
          customer: label(profile.company),
          accountId: id,
          customerType: profile.type,
          orderDate: addDays(invoiceDate, -intBetween(rng, 0, 3)),
          invoiceDate,
          dueDate,
          amount,
          placeOfSupply: profile.state,
          gstin: overseas || rng() < 0.15 ? null : `27ABCDE${String(1000 + index).slice(-4)}F1Z5`,
          productLine: PRODUCT_LINES[PRODUCTS[index % PRODUCTS.length] ?? 'VMs'] ?? 'VMs',
          createdById: rng() < 0.6 ? 'rep-kavita' : 'rep-farhan',
          remindersSent: Math.round(bad * 4 * rng()),
          hadError: rng() < 0.05,
        });
        // Good payers pay around the due date; risky ones late, partly, or not at all.
        const delay = Math.round(between(rng, -8, 4) + bad * between(rng, 0, 70));
        const paidOn = addDays(dueDate, delay);
        const skips = bad > 0.6 && rng() < bad - 0.3;
        if (paidOn <= today && !skips) {
          data.payments.push({ id: `PAY-${invoiceId}`, invoiceId, amount, paidAt: paidOn });
        } else if (rng() < 0.3) {
          const partialOn = addDays(invoiceDate, intBetween(rng, 0, 5));
          if (partialOn <= today) {
            data.payments.push({
              id: `PAY-${invoiceId}-P`,
              invoiceId,
              amount: Math.round(amount * 0.4),
              paidAt: partialOn,
            });
          }
        }
        if (monthsAgo === 0 && index % 6 === 1) {
          data.refunds.push({
            id: `REF-${month.replace('-', '')}-${String(index + 1).padStart(3, '0')}${suffix}`,
            invoiceId,
            amount: Math.round(amount * between(rng, 0.05, 0.2)),
            reason: pick(rng, REFUND_REASONS),
            processedById: 'rep-kavita',
            requestedAt: addDays(today, -intBetween(rng, 1, 4)),
            processedAt: today,
            status: 'Completed',
          });
        } else if (monthsAgo > 0 && rng() < 0.08 + bad * 0.1) {
          const requestedAt = addDays(invoiceDate, intBetween(rng, 3, 20));
          const done = rng() < 0.8;
          data.refunds.push({
            id: `REF-${month.replace('-', '')}-${String(index + 1).padStart(3, '0')}${suffix}`,
            invoiceId,
            amount: Math.round(amount * between(rng, 0.05, 0.3)),
            reason: pick(rng, REFUND_REASONS),
            processedById: rng() < 0.5 ? 'rep-kavita' : 'rep-farhan',
            requestedAt: notAfter(requestedAt, today),
            processedAt: done ? notAfter(addDays(requestedAt, intBetween(rng, 1, 5)), today) : null,
            status: done ? 'Completed' : pick(rng, ['Requested', 'Processing']),
          });
        }
      }
      if (index % 4 === 0) {
        data.tasks.push({
          id: `TASK-ACC-${index}${suffix}`,
          title: pick(rng, ['QBR Review', 'Renewal Discussion', 'Usage Check-in', 'Upsell Proposal']),
          type: pick(rng, ['QBR', 'Renewal', 'Call', 'Meeting']),
          dueAt: index % 8 === 0 ? todayAt(16) : at(-intBetween(rng, -2, 10)),
          status: 'Open',
          priority: bad > 0.5 ? 'High' : pick(rng, ['Medium', 'Low']),
          ownerId: index % 2 === 0 ? 'rep-neha' : 'rep-vikas',
          relatedType: 'account',
          relatedId: id,
        });
      }
    });

    // Leads owned by the inbound and outbound reps.
    const leadOwners = demoReps.filter((rep) => rep.team === 'Inbound' || rep.team === 'Outbound');
    for (let i = 0; i < 150; i++) {
      const owner = leadOwners[i % leadOwners.length]!;
      const status = weighted(rng, STATUS_WEIGHTS);
      const name = person();
      const company = pick(rng, LEAD_COMPANIES);
      const reached = ![
        'Not Called',
        'Invalid Number',
        'Called – No Answer',
        'Wrong Details',
        'Disconnect',
      ].includes(status);
      const meeting = status === 'Meeting Scheduled' || (reached && rng() < 0.2);
      const demo = meeting && rng() < 0.6;
      const trial = demo && rng() < 0.6;
      const converted = (trial && rng() < 0.7) || (meeting && rng() < 0.15);
      const inbound = owner.team === 'Inbound';
      data.leads.push({
        id: `LEAD-${String(i + 1).padStart(4, '0')}${suffix}`,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@${company.split(' ')[0]!.toLowerCase()}.com`,
        phone: `+91 ${intBetween(rng, 70000, 99999)} ${intBetween(rng, 10000, 99999)}`,
        company,
        source: inbound
          ? pick(rng, ['Website', 'LinkedIn', 'Referral', 'Event'])
          : pick(rng, ['Apollo', 'Apollo', 'LinkedIn']),
        status,
        quality: weighted(rng, [
          ['High', 3],
          ['Medium', 5],
          ['Low', 2],
        ] as const),
        ownerId: owner.id,
        useCase: pick(rng, USE_CASES),
        channel: inbound ? 'inbound' : 'outbound',
        cloudSpend: rng() < 0.8 ? Math.round(between(rng, 8, 80)) * 1000 : null,
        techStackMatch: rng() < 0.9 ? rng() < 0.75 : null,
        hot: reached && rng() < 0.6,
        connected: reached,
        emailed: !inbound && rng() < 0.8,
        meetingBooked: meeting,
        demoDone: demo,
        trialStarted: trial,
        qualified: meeting && rng() < 0.7,
        converted,
        createdAt: at(between(rng, 0, 90)),
        lastActivityAt: status === 'Not Called' ? null : at(between(rng, 0.05, 12)),
      });
      if (i % 5 === 0) {
        data.tasks.push({
          id: `TASK-LEAD-${i}${suffix}`,
          title: pick(rng, ['Follow-up call', 'Product demo', 'Send pricing', 'Discovery call']),
          type: pick(rng, ['Call', 'Meeting', 'Email', 'Demo']),
          dueAt:
            i % 10 === 0
              ? todayAt(intBetween(rng, 10, 18), pick(rng, [0, 15, 30, 45]))
              : at(-between(rng, -1.5, 4)),
          status: 'Open',
          priority: pick(rng, ['High', 'Medium', 'Low']),
          ownerId: owner.id,
          relatedType: 'lead',
          relatedId: `LEAD-${String(i + 1).padStart(4, '0')}${suffix}`,
          lastAction: pick(rng, ['Email sent', 'Called, no answer', 'Demo scheduled', 'Brochure shared']),
          lastActionAt: at(between(rng, 0.1, 5)),
        });
      }
    }

    // Deals of the sales reps.
    const sellers = demoReps.filter((rep) => rep.team === 'Sales');
    const stages = [
      ['New', 7],
      ['Contacted', 10],
      ['Qualified', 8],
      ['Proposal', 6],
      ['Negotiation', 4],
      ['Won', 8],
      ['Lost', 5],
    ] as const;
    let dealIndex = 0;
    for (const [stage, count] of stages) {
      for (let i = 0; i < count; i++, dealIndex++) {
        const id = `DEAL-${String(dealIndex + 1).padStart(3, '0')}${suffix}`;
        const company =
          copy === 0
            ? (COMPANIES[dealIndex % COMPANIES.length]?.company ?? 'Acme')
            : label(pick(rng, LEAD_COMPANIES));
        const value = Math.round(between(rng, 0.4, 6) * 100_000);
        const closed = stage === 'Won' || stage === 'Lost';
        data.deals.push({
          id,
          name: pick(rng, [
            'Cloud Migration',
            'K8s Platform',
            'DR Setup',
            'Managed Database',
            'GPU Cluster',
            'Storage Expansion',
          ]),
          company,
          value,
          mrr: Math.round(value / 12),
          stage,
          repId: sellers[dealIndex % sellers.length]!.id,
          hot: rng() < 0.35,
          expectedClose: closed ? null : addDays(today, intBetween(rng, 5, 75)),
          createdAt: at(between(rng, 10, 120)),
          closedAt: closed ? (i < Math.ceil(count / 2) ? thisMonth() : at(between(rng, 32, 70))) : null,
        });
        if (!closed && i < 2) {
          data.tasks.push({
            id: `TASK-${id}`,
            title: pick(rng, [
              'Cloud Migration Discussion',
              'Proposal walkthrough',
              'Pricing negotiation',
              'Technical deep-dive',
            ]),
            type: pick(rng, ['Call', 'Meeting']),
            dueAt: todayAt(intBetween(rng, 9, 18), pick(rng, [0, 15, 30, 45])),
            status: 'Open',
            priority: 'High',
            ownerId: sellers[dealIndex % sellers.length]!.id,
            relatedType: 'deal',
            relatedId: id,
            contactName: person(),
          });
        }
      }
    }
    for (const task of data.tasks) {
      if (task.relatedType === 'deal' && Date.parse(task.dueAt as string) < now.getTime())
        task.status = 'Done';
    }

    // Tickets over the last five weeks, three support engineers of different quality.
    const engineers = [
      { id: 'rep-rajesh', speed: 0.5, quality: 0.95 },
      { id: 'rep-sneha', speed: 1, quality: 0.85 },
      { id: 'rep-arjun', speed: 2.2, quality: 0.65 },
    ];
    for (let i = 0; i < 90; i++) {
      const engineer = engineers[i % engineers.length]!;
      const [subject, category] = pick(rng, TICKET_SUBJECTS);
      const severity = weighted(rng, [
        ['Critical', 1],
        ['High', 3],
        ['Medium', 4],
        ['Low', 2],
      ] as const);
      const ageDays = between(rng, 0.05, 34);
      const created = now.getTime() - ageDays * DAY;
      const assigned = created + between(rng, 2, 20) * engineer.speed * 60_000;
      const firstResponse = assigned + between(rng, 2, 15) * engineer.speed * 60_000;
      const resolveHours = between(rng, 0.5, 6) * engineer.speed;
      const resolved = created + resolveHours * 3_600_000;
      const isResolved = resolved < now.getTime() && (ageDays > 3 || rng() < 0.5);
      const reopened = isResolved && rng() < (1 - engineer.quality) * 0.6;
      const status = !isResolved
        ? pick(rng, ['New', 'In Progress', 'In Progress', 'Waiting Customer'])
        : reopened && ageDays < 5
          ? 'Reopened'
          : ageDays > 10
            ? 'Closed'
            : 'Resolved';
      data.tickets.push({
        id: `TKT-${String(i + 1).padStart(4, '0')}${suffix}`,
        subject,
        customer: label(pick(rng, COMPANIES).company),
        severity,
        status,
        category,
        assigneeId: status === 'New' && rng() < 0.5 ? null : engineer.id,
        createdAt: new Date(created).toISOString(),
        assignedAt: status === 'New' ? null : new Date(Math.min(assigned, now.getTime())).toISOString(),
        firstResponseAt:
          firstResponse < now.getTime() && status !== 'New' ? new Date(firstResponse).toISOString() : null,
        resolvedAt: isResolved ? new Date(resolved).toISOString() : null,
        reopenCount: reopened ? 1 : 0,
        reopenReason: reopened ? pick(rng, REOPEN_REASONS) : null,
        csat:
          isResolved && rng() < 0.7
            ? Math.max(1, Math.min(5, Math.round(engineer.quality * 5 + between(rng, -0.8, 0.6))))
            : null,
      });
    }
  }

  // One-off records: activities, targets and shift handovers.
  const sellers = demoReps.filter((rep) => rep.team === 'Sales');
  const salesLines = [
    ['deal', 'added Mahindra Cloud deal worth ₹2.5L to the pipeline', ''],
    ['call', 'called Rohan Sharma about the migration plan', 'Connected, 12 min'],
    ['meeting', 'held a discovery meeting with Delta Systems', 'Next step: proposal'],
    ['deal', 'moved Konkan Shipping DR Setup to Negotiation', ''],
    ['email', 'sent the revised proposal to CloudBase Solutions', ''],
    ['deal', 'won Indus Insurance Managed Database worth ₹4.2L', ''],
    ['call', 'followed up with Zenith Finserv', 'Asked for a callback on Monday'],
    ['meeting', 'ran a K8s platform demo for Vertex Health', ''],
  ] as const;
  salesLines.forEach(([type, description, details], i) => {
    data.activities.push({
      id: `ACT-S-${i + 1}`,
      area: 'sales',
      type,
      repId: sellers[i % sellers.length]!.id,
      description,
      details,
      at: at(i * 0.11 + 0.05),
    });
  });
  const accountLines = [
    ['qbr', 'QBR Completed', 'Beta Solutions reviewed all goals and KPIs', 'rep-neha', null],
    [
      'upsell',
      'Upsell achieved',
      'Delta Systems doubled their K8s units and added 5 DB add-ons',
      'rep-vikas',
      null,
    ],
    ['churn', 'Churn alert: Budget cuts', 'Epsilon Infotech did not renew', 'rep-neha', 'Lost'],
    ['renewal', 'Renewal signed', 'Konkan Shipping renewed for 12 months', 'rep-vikas', 'Won'],
    ['escalation', 'Escalation raised', 'TechVision Corp escalated repeated VM outages', 'rep-neha', null],
    ['qbr', 'QBR Scheduled', 'Narmada Power QBR set for next week', 'rep-vikas', null],
  ] as const;
  accountLines.forEach(([type, title, description, repId, status], i) => {
    data.activities.push({
      id: `ACT-A-${i + 1}`,
      area: 'accounts',
      type,
      title,
      description,
      repId,
      status,
      at: at(i * 0.35 + 0.006),
    });
  });
  for (let monthsAgo = 0; monthsAgo < 3; monthsAgo++) {
    const period = addMonths(today.slice(0, 7), -monthsAgo);
    for (const rep of sellers) {
      data['sales-targets'].push({
        id: `TGT-${period}-${rep.code}`,
        repId: rep.id,
        period,
        targetBusiness: Math.round(between(rng, 6, 9) * 100_000) * scale,
        targetMRR: Math.round(between(rng, 40, 60)) * 1000 * scale,
      });
    }
  }
  const shifts = ['Night (10PM-6AM)', 'Morning (6AM-2PM)', 'Evening (2PM-10PM)'];
  const notes = [
    'K8s cluster issue ongoing for CloudBase - priority escalation',
    'Backup failures for Kaveri Logistics under investigation; vendor ticket open',
    'TechVision VM outage resolved; monitor for 24 hours',
  ];
  for (let i = 0; i < 3; i++) {
    data['shift-handovers'].push({
      id: `HO-${i + 1}`,
      shift: shifts[i]!,
      handoverBy: engineersForHandover[i]!,
      notes: notes[i]!,
      at: at((2 - i) * 0.33 + 0.02),
    });
  }
  return data;
};

const engineersForHandover = ['rep-arjun', 'rep-rajesh', 'rep-sneha'];

/** Stores the demo CRM for a tenant through the same validation as the ingestion API. */
export const seedDemoCrm = async (
  store: CrmRecordStore,
  tenantId: string,
  now: Date,
  options: { seed?: number; scale?: number } = {},
): Promise<void> => {
  const data = demoCrmData(now, options);
  for (const entity of CRM_ENTITY_NAMES) {
    const records = data[entity].map((input) => {
      const result = validateRecord(entity, input);
      if (!result.ok)
        throw new Error(`Demo ${entity} record ${String(input.id)} is invalid: ${result.message}`);
      return result.record;
    });
    await store.upsert(tenantId, entity, records, now);
  }
};
