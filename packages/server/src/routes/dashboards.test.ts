import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccountManagementDashboard,
  BillingDashboard,
  type CallEvent,
  ErrorBody,
  LeadsDashboard,
  LogCallResponse,
  SalesDashboard,
  SupportDashboard,
} from '@call-ribbon/contract';
import type { z } from 'zod';
import { createApp } from '../app.ts';
import { seedDemoTenant } from '../demo.ts';
import { freshTestEngine } from '../test-support/tenants.ts';

/** Wednesday 15 October 2025, 14:00 in Kolkata. */
const now = new Date('2025-10-15T08:30:00Z');

const SCHEMAS = {
  sales: SalesDashboard,
  leads: LeadsDashboard,
  'account-management': AccountManagementDashboard,
  support: SupportDashboard,
  billing: BillingDashboard,
} as const;
type DashboardName = keyof typeof SCHEMAS;

const setup = async () => {
  const app = createApp({ engine: await freshTestEngine(), clock: () => now });
  await app.deps.stores.tenants.create({ name: 'Acme', apiKey: 'key-a' }, now);
  await app.deps.stores.tenants.create({ name: 'Bharat', apiKey: 'key-b' }, now);
  const request = (method: string, path: string, body?: unknown, key = 'key-a') =>
    app.request(path, {
      method,
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const push = async (entity: string, records: Record<string, unknown>[], key = 'key-a') => {
    const response = await request('POST', `/api/crm/${entity}`, { records }, key);
    assert.equal(response.status, 200, await response.clone().text());
  };
  const put = async (entity: string, record: Record<string, unknown>) => {
    const response = await request('PUT', `/api/crm/${entity}/${String(record.id)}`, record);
    assert.ok(response.status === 200 || response.status === 201, await response.clone().text());
  };
  const remove = async (entity: string, id: string) => {
    assert.equal((await request('DELETE', `/api/crm/${entity}/${id}`)).status, 204);
  };
  const dashboard = async <N extends DashboardName>(
    name: N,
    key = 'key-a',
  ): Promise<z.infer<(typeof SCHEMAS)[N]>> => {
    const response = await request('GET', `/api/dashboards/${name}`, undefined, key);
    assert.equal(response.status, 200);
    return SCHEMAS[name].parse(await response.json()) as z.infer<(typeof SCHEMAS)[N]>;
  };
  /** Logs one call through the ribbon's endpoint: dialing, then connected (if answered), then callEnded. */
  const logCall = async (agentId: string, callId: string, at: string, answered: boolean) => {
    const start = Date.parse(at);
    const event = (name: CallEvent['event'], offsetSeconds: number): CallEvent => ({
      eventId: `${callId}-${name}`,
      event: name,
      callId,
      timestamp: new Date(start + offsetSeconds * 1000).toISOString(),
      direction: 'outbound',
      phoneNumber: '+919876543210',
      agentId,
      ...(name === 'callEnded' ? { duration: answered ? 60 : 0 } : {}),
    });
    const events = answered
      ? [event('dialing', 0), event('connected', 10), event('callEnded', 70)]
      : [event('dialing', 0), event('callEnded', 30)];
    const response = await request('POST', '/api/ribbon/log-call', { events });
    assert.equal(response.status, 200);
    assert.equal(LogCallResponse.parse(await response.json()).accepted, events.length);
  };
  return { app, request, push, put, remove, dashboard, logCall };
};

describe('sales dashboard', () => {
  const build = async () => {
    const t = await setup();
    await t.push('reps', [
      { id: 'r1', name: 'Tanvi R Mehta', team: 'Sales', agentId: 'agent-tanvi' },
      { id: 'r2', name: 'Latif Shaikh', team: 'Sales', agentId: 'agent-latif', code: 'LAT' },
    ]);
    const deal = (
      id: string,
      stage: string,
      value: number,
      repId: string,
      extra: Record<string, unknown> = {},
    ) => ({
      id,
      name: 'Cloud Migration',
      company: 'CloudTechies',
      stage,
      value,
      repId,
      createdAt: '2025-09-01T00:00:00Z',
      ...extra,
    });
    await t.push('deals', [
      deal('d1', 'New', 180_000, 'r1'),
      deal('d2', 'Contacted', 250_000, 'r2', { hot: true }),
      deal('d3', 'Qualified', 400_000, 'r1', { hot: true, probability: 50 }),
      deal('d4', 'Proposal', 600_000, 'r2'),
      deal('d5', 'Won', 500_000, 'r1', { mrr: 40_000, closedAt: '2025-10-05T06:00:00Z' }),
      deal('d6', 'Lost', 300_000, 'r2', { closedAt: '2025-10-02T06:00:00Z' }),
      deal('d7', 'Won', 200_000, 'r1', { mrr: 10_000, closedAt: '2025-09-20T06:00:00Z' }),
    ]);
    await t.push('leads', [
      {
        id: 'L1',
        name: 'Rohan Sharma',
        status: 'Meeting Scheduled',
        hot: true,
        qualified: true,
        createdAt: '2025-10-10T05:00:00Z',
      },
      { id: 'L2', name: 'Sneha Patel', status: 'Called – No Answer', createdAt: '2025-08-01T05:00:00Z' },
      {
        id: 'L3',
        name: 'Rahul Verma',
        status: 'Not Called',
        company: 'DataFlow',
        createdAt: '2025-10-14T05:00:00Z',
      },
    ]);
    const task = (
      id: string,
      dueAt: string,
      relatedType: string,
      relatedId: string,
      extra: Record<string, unknown> = {},
    ) => ({
      id,
      title: 'Follow-up',
      type: 'Call',
      dueAt,
      relatedType,
      relatedId,
      ...extra,
    });
    await t.push('tasks', [
      task('T1', '2025-10-15T05:00:00Z', 'deal', 'd2', {
        status: 'Done',
        contactName: 'Rohan Sharma',
        title: 'Cloud Migration Discussion',
      }),
      task('T2', '2025-10-15T09:15:00Z', 'lead', 'L1', { type: 'Meeting' }),
      task('T3', '2025-10-15T04:00:00Z', 'lead', 'L3'),
      task('T4', '2025-10-16T05:00:00Z', 'deal', 'd4', { type: 'Meeting' }),
      // 01:30 in Kolkata on the 15th, though still the 14th in UTC.
      task('T5', '2025-10-14T20:00:00Z', 'deal', 'd1'),
      task('T6', '2025-10-15T06:00:00Z', 'account', 'a1'),
    ]);
    await t.push('activities', [
      {
        id: 'A1',
        area: 'sales',
        type: 'deal',
        repId: 'r2',
        description: 'added EMC Corp deal worth ₹2.5L to the pipeline',
        at: '2025-10-15T06:30:00Z',
      },
      {
        id: 'A2',
        area: 'accounts',
        type: 'qbr',
        description: 'not a sales line',
        at: '2025-10-15T08:00:00Z',
      },
      {
        id: 'A3',
        area: 'sales',
        type: 'call',
        user: 'You',
        description: 'called Rahul',
        details: '5 min',
        at: '2025-10-10T08:30:00Z',
      },
    ]);
    await t.push('sales-targets', [
      { id: 'G1', repId: 'r1', period: '2025-10', targetBusiness: 800_000, targetMRR: 50_000 },
      { id: 'G0', repId: 'r1', period: '2025-09', targetBusiness: 100_000 },
      { id: 'G2', repId: 'r1', period: '2025-11', targetBusiness: 900_000 },
    ]);
    await t.logCall('agent-tanvi', 'c1', '2025-10-14T06:00:00Z', true);
    await t.logCall('agent-tanvi', 'c2', '2025-10-14T07:00:00Z', true);
    await t.logCall('agent-tanvi', 'c3', '2025-10-13T07:00:00Z', false);
    await t.logCall('agent-latif', 'c4', '2025-10-12T07:00:00Z', false);
    await t.logCall('agent-stranger', 'c5', '2025-10-12T08:00:00Z', true);
    await t.logCall('agent-tanvi', 'c6', '2025-08-01T07:00:00Z', true);
    return t;
  };

  it("computes every KPI, the pipeline, today's tasks, the feed and targets from the records", async () => {
    const t = await build();
    const sales = await t.dashboard('sales');
    assert.deepEqual(sales.kpis, {
      totalAllocated: '₹ 21.3L',
      contactedHot: '₹ 6.5L',
      dealsInPipe: '₹ 14.3L',
      expectedValue: '₹ 6.28L',
      newMeetings: '2',
      leadQualified: '1',
      newLeads: '2',
      coldCalling: '4',
      followUp: '4',
      proposalsSent: '3',
      dealsLost: '1',
      dealsWon: '2',
    });
    assert.deepEqual(sales.leadStatus, {
      newLeads: 2,
      hotLeads: 1,
      activeDeals: 4,
      lostDeals: 1,
      qualified: 1,
      unresponsive: 1,
    });
    assert.deepEqual(
      sales.pipeline.stages.map(({ name, count, value }) => [name, count, value]),
      [
        ['New', 1, '₹ 1.8L'],
        ['Contacted', 1, '₹ 2.5L'],
        ['Qualified', 1, '₹ 4L'],
        ['Proposal', 1, '₹ 6L'],
        ['Negotiation', 0, '₹ 0'],
      ],
    );
    assert.deepEqual(sales.pipeline.stages[0]?.deals, [
      { id: 'd1', name: 'Cloud Migration', company: 'CloudTechies', value: '₹ 1.8L', rep: 'TRM' },
    ]);
    assert.equal(sales.pipeline.stages[1]?.deals[0]?.rep, 'LAT');
    assert.deepEqual(sales.followUpTasks, [
      {
        id: 'T5',
        name: 'Cloud Migration',
        company: 'CloudTechies',
        task: 'Follow-up',
        type: 'Call',
        time: '1:30 AM',
        status: 'Overdue',
      },
      {
        id: 'T3',
        name: 'Rahul Verma',
        company: 'DataFlow',
        task: 'Follow-up',
        type: 'Call',
        time: '9:30 AM',
        status: 'Overdue',
      },
      {
        id: 'T1',
        name: 'Rohan Sharma',
        company: 'CloudTechies',
        task: 'Cloud Migration Discussion',
        type: 'Call',
        time: '10:30 AM',
        status: 'Done',
      },
      {
        id: 'T2',
        name: 'Rohan Sharma',
        company: '',
        task: 'Follow-up',
        type: 'Meeting',
        time: '2:45 PM',
        status: 'Pending',
      },
    ]);
    assert.deepEqual(sales.recentActivity, [
      {
        id: 'A1',
        user: 'Latif Shaikh',
        description: 'added EMC Corp deal worth ₹2.5L to the pipeline',
        details: '',
        time: '2 hours ago',
        type: 'deal',
      },
      {
        id: 'A3',
        user: 'You',
        description: 'called Rahul',
        details: '5 min',
        time: '5 days ago',
        type: 'call',
      },
    ]);
    assert.deepEqual(sales.salesTargets, [
      {
        id: 'G1',
        rep: 'TRM',
        quarter: 'Q4',
        month: 'October',
        targetBusiness: '₹ 8L',
        achievedRevenue: '₹ 5L',
        targetMRR: '₹ 50K',
        achievedMRR: '₹ 40K',
        achievement: '63%',
        status: 'On Track',
      },
    ]);
  });

  it('follows changes and deletions of records', async () => {
    const t = await build();
    await t.remove('deals', 'd5');
    await t.put('deals', {
      id: 'd4',
      name: 'Cloud Migration',
      stage: 'Negotiation',
      value: 700_000,
      repId: 'r2',
      createdAt: '2025-09-01T00:00:00Z',
    });
    await t.logCall('agent-latif', 'c7', '2025-10-15T07:00:00Z', true);
    const sales = await t.dashboard('sales');
    assert.equal(sales.kpis.dealsWon, '1');
    assert.equal(sales.kpis.proposalsSent, '2');
    assert.equal(sales.kpis.coldCalling, '5');
    assert.deepEqual(sales.pipeline.stages[4], {
      name: 'Negotiation',
      count: 1,
      value: '₹ 7L',
      deals: [{ id: 'd4', name: 'Cloud Migration', company: '', value: '₹ 7L', rep: 'LAT' }],
    });
    assert.deepEqual(
      [
        sales.salesTargets[0]?.achievedRevenue,
        sales.salesTargets[0]?.achievement,
        sales.salesTargets[0]?.status,
      ],
      ['₹ 0', '0%', 'Behind'],
    );
  });
});

describe('leads dashboard', () => {
  const build = async () => {
    const t = await setup();
    await t.push('reps', [
      { id: 'amit', name: 'Amit Kumar', team: 'Inbound', agentId: 'agent-amit' },
      { id: 'priya', name: 'Priya Singh', team: 'Outbound', agentId: 'agent-priya' },
    ]);
    const lead = (id: string, status: string, extra: Record<string, unknown>) => ({
      id,
      name: `Lead ${id}`,
      email: `${id.toLowerCase()}@example.in`,
      phone: '+91 98765 43210',
      company: 'TechCorp Solutions',
      source: 'Website',
      status,
      useCase: 'Kubernetes',
      ...extra,
    });
    await t.push('leads', [
      lead('L1', 'Meeting Scheduled', {
        ownerId: 'amit',
        quality: 'High',
        cloudSpend: 40_000,
        techStackMatch: true,
        hot: true,
        connected: true,
        meetingBooked: true,
        demoDone: true,
        trialStarted: true,
        qualified: true,
        converted: true,
        createdAt: '2025-09-01T00:00:00Z',
        lastActivityAt: '2025-10-15T06:30:00Z',
      }),
      lead('L2', 'Not Called', {
        ownerId: 'amit',
        cloudSpend: 20_000,
        techStackMatch: false,
        createdAt: '2025-10-14T08:30:00Z',
      }),
      lead('L3', 'Follow-up Required', {
        ownerId: 'amit',
        quality: 'Low',
        techStackMatch: true,
        hot: true,
        connected: true,
        meetingBooked: true,
        qualified: true,
        createdAt: '2025-10-01T00:00:00Z',
      }),
      lead('L4', 'Called – No Answer', {
        ownerId: 'priya',
        channel: 'outbound',
        source: 'Apollo',
        quality: 'High',
        cloudSpend: 51_000,
        emailed: true,
        createdAt: '2025-10-02T00:00:00Z',
      }),
      lead('L5', 'Meeting Scheduled', {
        ownerId: 'priya',
        channel: 'outbound',
        source: 'Apollo',
        quality: 'High',
        emailed: true,
        connected: true,
        meetingBooked: true,
        qualified: true,
        converted: true,
        createdAt: '2025-10-03T00:00:00Z',
      }),
      lead('L6', 'Do Not Call', {
        channel: 'outbound',
        source: 'LinkedIn',
        createdAt: '2025-10-04T00:00:00Z',
      }),
    ]);
    await t.push('tasks', [
      {
        id: 'T1',
        title: 'Call back',
        type: 'Call',
        dueAt: '2025-10-15T09:00:00Z',
        priority: 'High',
        relatedType: 'lead',
        relatedId: 'L4',
        lastAction: 'Email sent',
        lastActionAt: '2025-10-13T08:30:00Z',
      },
      {
        id: 'T2',
        title: 'Demo',
        type: 'Meeting',
        dueAt: '2025-10-16T04:30:00Z',
        ownerId: 'amit',
        relatedType: 'lead',
        relatedId: 'L5',
        lastAction: 'Demo scheduled',
      },
      {
        id: 'T3',
        title: 'Old',
        type: 'Call',
        dueAt: '2025-10-10T04:30:00Z',
        status: 'Done',
        relatedType: 'lead',
        relatedId: 'L1',
      },
    ]);
    await t.logCall('agent-amit', 'a1', '2025-10-14T06:00:00Z', true);
    await t.logCall('agent-amit', 'a2', '2025-10-14T07:00:00Z', false);
    await t.logCall('agent-priya', 'p1', '2025-10-14T06:00:00Z', true);
    await t.logCall('agent-priya', 'p2', '2025-10-14T06:30:00Z', true);
    await t.logCall('agent-priya', 'p3', '2025-10-14T07:30:00Z', false);
    return t;
  };

  it('counts every status, rep performance with real calls, funnels and quality', async () => {
    const t = await build();
    const leads = await t.dashboard('leads');
    const shares = Object.fromEntries(
      leads.statusDistribution.map((s) => [s.status, [s.count, s.percentage]]),
    );
    assert.equal(leads.statusDistribution.length, 13);
    assert.deepEqual(shares['Meeting Scheduled'], [2, 33.3]);
    assert.deepEqual(shares['Not Called'], [1, 16.7]);
    assert.deepEqual(shares['Called – No Answer'], [1, 16.7]);
    assert.deepEqual(shares['Do Not Call'], [1, 16.7]);
    assert.deepEqual(shares['In Lock-In'], [0, 0]);
    assert.deepEqual(leads.teamPerformance, [
      {
        name: 'Amit Kumar',
        team: 'Inbound',
        assigned: 3,
        calls: 2,
        connected: 1,
        meetings: 2,
        qualified: 2,
        conversion: 33.3,
      },
      {
        name: 'Priya Singh',
        team: 'Outbound',
        assigned: 2,
        calls: 3,
        connected: 2,
        meetings: 1,
        qualified: 1,
        conversion: 50,
      },
    ]);
    assert.deepEqual(leads.inboundKpis, {
      totalLeads: 3,
      hotLeads: 2,
      connected: 2,
      demos: 1,
      trial: 1,
      converted: 1,
    });
    assert.deepEqual(leads.outboundKpis, {
      apolloData: 3,
      emailsSent: 2,
      coldCalls: 3,
      connected: 2,
      meetings: 1,
      converted: 1,
    });
    assert.deepEqual(leads.qualityMetrics, {
      excellent: 3,
      good: 2,
      fair: 1,
      avgCloudSpend: '37k',
      techStackMatch: '67%',
    });
    assert.deepEqual(leads.followUpTasks, [
      {
        lead: 'Lead L4',
        type: 'Call',
        dueDate: 'Today, 2:30 PM',
        lastAction: 'Email sent 2 days ago',
        owner: 'Priya Singh',
        status: 'Due',
        priority: 'High',
      },
      {
        lead: 'Lead L5',
        type: 'Meeting',
        dueDate: 'Tomorrow, 10:00 AM',
        lastAction: 'Demo scheduled',
        owner: 'Amit Kumar',
        status: 'Upcoming',
        priority: 'Medium',
      },
    ]);
    assert.deepEqual(
      leads.leadDatabase.map((row) => row.name),
      ['Lead L1', 'Lead L2', 'Lead L6', 'Lead L5', 'Lead L4', 'Lead L3'],
    );
    assert.deepEqual(leads.leadDatabase[0], {
      name: 'Lead L1',
      email: 'l1@example.in',
      phone: '+91 98765 43210',
      company: 'TechCorp Solutions',
      source: 'Website',
      status: 'Meeting Scheduled',
      owner: 'Amit Kumar',
      quality: 'High',
      useCase: 'Kubernetes',
      lastActivity: '2 hours ago',
    });
    assert.equal(leads.leadDatabase[1]?.lastActivity, '1 day ago');
    assert.equal(leads.leadDatabase[2]?.owner, '');
  });

  it('moves counts when a lead changes status or is deleted', async () => {
    const t = await build();
    await t.put('leads', {
      id: 'L2',
      name: 'Lead L2',
      status: 'Meeting Scheduled',
      ownerId: 'amit',
      createdAt: '2025-10-14T08:30:00Z',
    });
    await t.remove('leads', 'L6');
    const leads = await t.dashboard('leads');
    const shares = Object.fromEntries(
      leads.statusDistribution.map((s) => [s.status, [s.count, s.percentage]]),
    );
    assert.deepEqual(shares['Meeting Scheduled'], [3, 60]);
    assert.deepEqual(shares['Not Called'], [0, 0]);
    assert.deepEqual(shares['Do Not Call'], [0, 0]);
    assert.equal(leads.outboundKpis.apolloData, 2);
  });
});

describe('account management dashboard', () => {
  const build = async () => {
    const t = await setup();
    await t.push('reps', [{ id: 'neha', name: 'Neha Mehta', team: 'Customer Success', role: 'CSM' }]);
    await t.push('accounts', [
      {
        id: 'A1',
        company: 'Delta Systems',
        type: 'Enterprise',
        mrr: 320_000,
        csmId: 'neha',
        products: ['VMs', 'K8s', 'Storage'],
        startedAt: '2024-01-01',
        renewalDate: '2026-06-15',
        lastQbr: '2025-09-10',
        lastContactAt: '2025-10-13T08:30:00Z',
        npsResponses: [10, 8],
      },
      {
        id: 'A2',
        company: 'TechVision Corp',
        type: 'Enterprise',
        mrr: 240_000,
        csmId: 'neha',
        renewalDate: '2025-11-01',
        renewalStatus: 'In Progress',
        lastContactAt: '2025-09-05T08:30:00Z',
        usagePercent: 30,
        paymentDelayDays: 30,
        openEscalations: 2,
        npsResponses: [3],
      },
      {
        id: 'A3',
        company: 'Beta Solutions',
        type: 'Mid-Market',
        mrr: 150_000,
        renewalDate: '2025-12-01',
        renewalProbability: 85,
        lastContactAt: '2025-09-25T08:30:00Z',
        usagePercent: 70,
        paymentDelayDays: 10,
        openEscalations: 1,
      },
      {
        id: 'A4',
        company: 'Epsilon Infotech',
        mrr: 50_000,
        status: 'Churned',
        startedAt: '2024-01-01',
        churnedAt: '2025-09-10',
        npsResponses: [0, 0, 0],
      },
      {
        id: 'A5',
        company: 'Nova Labs',
        type: 'Startup',
        mrr: 100_000,
        startedAt: '2025-08-20',
        usagePercent: 40,
        paymentDelayDays: 20,
        openEscalations: 1,
        npsResponses: [6],
      },
    ]);
    await t.push('invoices', [
      {
        id: 'I1',
        invoiceNo: 'INV-1',
        customer: 'Delta Systems',
        invoiceDate: '2025-09-01',
        dueDate: '2025-09-15',
        amount: 118_000,
        placeOfSupply: 'Maharashtra',
      },
      {
        id: 'I2',
        invoiceNo: 'INV-2',
        customer: 'Delta Systems',
        invoiceDate: '2025-10-01',
        dueDate: '2025-10-15',
        amount: 236_000,
        placeOfSupply: 'Maharashtra',
      },
    ]);
    await t.push('payments', [
      { id: 'P1', invoiceId: 'I1', amount: 118_000, paidAt: '2025-09-10' },
      { id: 'P2', invoiceId: 'I2', amount: 236_000, paidAt: '2025-10-05' },
    ]);
    await t.push('tasks', [
      {
        id: 'T1',
        title: 'QBR Review',
        type: 'QBR',
        priority: 'High',
        dueAt: '2025-10-15T10:00:00Z',
        relatedType: 'account',
        relatedId: 'A3',
      },
      {
        id: 'T2',
        title: 'Escalation call',
        type: 'Call',
        dueAt: '2025-10-12T06:00:00Z',
        relatedType: 'account',
        relatedId: 'A2',
      },
      {
        id: 'T3',
        title: 'Done already',
        type: 'Call',
        status: 'Done',
        dueAt: '2025-10-11T06:00:00Z',
        relatedType: 'account',
        relatedId: 'A1',
      },
    ]);
    await t.push('activities', [
      {
        id: 'AC1',
        area: 'accounts',
        type: 'qbr',
        title: 'QBR Completed',
        description: 'Beta Solutions reviewed all goals and KPIs',
        user: 'You',
        at: '2025-10-15T08:21:00Z',
      },
      {
        id: 'AC2',
        area: 'accounts',
        type: 'churn',
        title: 'Churn alert: Budget cuts',
        description: 'Epsilon Infotech did not renew',
        repId: 'neha',
        status: 'Lost',
        at: '2025-10-14T08:00:00Z',
      },
    ]);
    return t;
  };

  it('scores health, bands accounts and lists renewals, risks, trend, tasks and activity', async () => {
    const t = await build();
    const am = await t.dashboard('account-management');
    assert.deepEqual(am.kpis, {
      totalAccounts: 4,
      totalMRR: '₹8.1L',
      renewalsDue: 2,
      atRiskAccounts: 2,
      avgHealthScore: 64,
      nps: -25,
    });
    assert.deepEqual(am.healthDistribution, { healthy: 1, watchlist: 1, atRisk: 1, critical: 1 });
    assert.deepEqual(am.atRiskAccounts, [
      {
        id: 'A2',
        company: 'TechVision Corp',
        mrr: '₹2.4L',
        healthScore: 35,
        riskLevel: 'Critical',
        renewalDate: '2025-11-01',
        riskReasons: ['Payment delays', 'Low usage', 'Support escalations', 'No recent contact', 'Low NPS'],
        csm: 'Neha Mehta',
        lastContact: '1 month ago',
      },
      {
        id: 'A5',
        company: 'Nova Labs',
        mrr: '₹1L',
        healthScore: 50,
        riskLevel: 'At Risk',
        renewalDate: '',
        riskReasons: ['Payment delays', 'Low usage', 'No recent contact', 'Low NPS'],
        csm: '',
        lastContact: 'Never',
      },
    ]);
    assert.deepEqual(am.renewals, [
      {
        id: 'A2',
        company: 'TechVision Corp',
        mrr: '₹2.4L',
        renewalDate: '2025-11-01',
        status: 'In Progress',
        probability: 35,
        csm: 'Neha Mehta',
      },
      {
        id: 'A3',
        company: 'Beta Solutions',
        mrr: '₹1.5L',
        renewalDate: '2025-12-01',
        status: 'Not Started',
        probability: 85,
        csm: '',
      },
    ]);
    assert.deepEqual(
      am.portfolioAccounts.map((a) => [a.company, a.healthScore]),
      [
        ['Delta Systems', 99],
        ['TechVision Corp', 35],
        ['Beta Solutions', 70],
        ['Nova Labs', 50],
      ],
    );
    assert.deepEqual(am.portfolioAccounts[0], {
      id: 'A1',
      company: 'Delta Systems',
      type: 'Enterprise',
      mrr: '₹3.2L',
      healthScore: 99,
      products: ['VMs', 'K8s', 'Storage'],
      renewalDate: '2026-06-15',
      csm: 'Neha Mehta',
      lastQbr: '2025-09-10',
    });
    assert.deepEqual(am.mrrTrend, {
      labels: ['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct'],
      existingMRR: [7.6, 7.6, 7.6, 8.6, 8.1, 8.1],
      collectionMRR: [0, 0, 0, 0, 1, 2],
    });
    assert.deepEqual(am.followUpTasks, [
      {
        id: 'T2',
        task: 'Escalation call',
        account: 'TechVision Corp',
        dueDate: '3 days overdue',
        priority: 'Medium',
        type: 'Call',
      },
      {
        id: 'T1',
        task: 'QBR Review',
        account: 'Beta Solutions',
        dueDate: 'Today',
        priority: 'High',
        type: 'QBR',
      },
    ]);
    assert.deepEqual(am.recentActivity, [
      {
        type: 'qbr',
        title: 'QBR Completed',
        description: 'Beta Solutions reviewed all goals and KPIs',
        time: '9 minutes ago',
        user: 'You',
      },
      {
        type: 'churn',
        title: 'Churn alert: Budget cuts',
        description: 'Epsilon Infotech did not renew',
        time: '1 day ago',
        user: 'Neha Mehta',
        status: 'Lost',
      },
    ]);
  });

  it('recovers an account whose health inputs improve', async () => {
    const t = await build();
    await t.put('accounts', {
      id: 'A2',
      company: 'TechVision Corp',
      mrr: 240_000,
      renewalDate: '2025-11-01',
      lastContactAt: '2025-10-15T08:00:00Z',
      npsResponses: [9],
    });
    const am = await t.dashboard('account-management');
    assert.equal(am.kpis.atRiskAccounts, 1);
    assert.deepEqual(am.healthDistribution, { healthy: 2, watchlist: 1, atRisk: 1, critical: 0 });
    assert.equal(am.kpis.nps, 25);
  });

  it('nets collections of the GST of their invoice as it is now, and counts them whole without one', async () => {
    const t = await build();
    await t.put('invoices', {
      id: 'I2',
      invoiceNo: 'INV-2',
      customer: 'Delta Systems',
      invoiceDate: '2025-10-01',
      dueDate: '2025-10-15',
      amount: 236_000,
      placeOfSupply: 'Singapore',
    });
    await t.remove('invoices', 'I1');
    const am = await t.dashboard('account-management');
    assert.deepEqual(am.mrrTrend.collectionMRR, [0, 0, 0, 0, 1.18, 2.36]);
  });
});

describe('support dashboard', () => {
  const ticket = (id: string, extra: Record<string, unknown>) => ({
    id,
    subject: `Issue ${id}`,
    customer: 'TechCorp Solutions',
    category: 'Infrastructure',
    ...extra,
  });
  const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000).toISOString();
  const build = async () => {
    const t = await setup();
    await t.push('reps', [
      { id: 'rajesh', name: 'Rajesh Kumar', team: 'Support', role: 'Senior Support Engineer' },
      { id: 'priya', name: 'Priya Singh', team: 'Support', role: 'Support Engineer' },
    ]);
    const t1 = '2025-10-15T02:00:00Z';
    const t2 = '2025-10-14T04:00:00Z';
    const t3 = '2025-10-13T04:00:00Z';
    const t4 = '2025-10-10T04:00:00Z';
    await t.push('tickets', [
      ticket('T1', {
        severity: 'High',
        status: 'In Progress',
        assigneeId: 'rajesh',
        createdAt: t1,
        assignedAt: minutes(t1, 5),
        firstResponseAt: minutes(t1, 10),
      }),
      ticket('T2', {
        severity: 'Medium',
        status: 'Resolved',
        assigneeId: 'rajesh',
        createdAt: t2,
        assignedAt: minutes(t2, 4),
        firstResponseAt: minutes(t2, 6),
        resolvedAt: minutes(t2, 120),
        csat: 5,
      }),
      ticket('T3', {
        severity: 'Critical',
        status: 'Closed',
        assigneeId: 'priya',
        createdAt: t3,
        assignedAt: minutes(t3, 20),
        firstResponseAt: minutes(t3, 30),
        resolvedAt: minutes(t3, 300),
        csat: 3,
        reopenCount: 1,
        reopenReason: 'Incomplete Fix',
      }),
      ticket('T4', {
        severity: 'Low',
        status: 'Reopened',
        assigneeId: 'priya',
        createdAt: t4,
        assignedAt: minutes(t4, 10),
        firstResponseAt: minutes(t4, 20),
        resolvedAt: minutes(t4, 600),
        csat: 5,
        reopenCount: 1,
        reopenReason: 'Root Cause',
      }),
      ticket('T5', { severity: 'Medium', status: 'New', createdAt: '2025-10-15T08:00:00Z' }),
      ticket('T6', {
        severity: 'Low',
        status: 'Closed',
        assigneeId: 'rajesh',
        createdAt: '2025-08-01T04:00:00Z',
        resolvedAt: '2025-08-01T06:00:00Z',
      }),
    ]);
    await t.push('shift-handovers', [
      { id: 'H1', shift: 'Night (10PM-6AM)', handoverBy: 'priya', notes: 'old', at: '2025-10-15T00:30:00Z' },
      {
        id: 'H2',
        shift: 'Morning (6AM-2PM)',
        handoverBy: 'rajesh',
        notes: 'K8s cluster issue ongoing for CloudBase',
        at: '2025-10-15T08:00:00Z',
      },
    ]);
    return t;
  };

  it('computes KPIs, statuses, scorecards, the queue, the handover and the trends', async () => {
    const t = await build();
    const support = await t.dashboard('support');
    assert.deepEqual(support.kpis, {
      openTickets: 3,
      avgFRT: '17 min',
      avgResolutionTime: '5.7 hrs',
      csatScore: 4.3,
      slaCompliance: '80.0%',
      reopenRate: '66.7%',
    });
    assert.deepEqual(support.ticketStatus, {
      new: 1,
      inProgress: 1,
      waitingCustomer: 0,
      resolved: 1,
      closed: 2,
      reopened: 1,
    });
    assert.deepEqual(support.reopenReasons, { labels: ['Incomplete Fix', 'Root Cause'], values: [1, 1] });
    assert.deepEqual(support.agentScorecards, [
      {
        id: 'rajesh',
        name: 'Rajesh Kumar',
        role: 'Senior Support Engineer',
        score: 90,
        avgAllocationTime: '5 min',
        avgFRT: '8 min',
        avgResolutionTime: '2 hrs',
        ticketsHandled: 2,
        ticketsResolved: 1,
        reopenRate: '0.0%',
        slaBreach: 0,
        csat: 5,
        signals: ['Fast responder', 'High quality'],
        signalType: 'positive',
      },
      {
        id: 'priya',
        name: 'Priya Singh',
        role: 'Support Engineer',
        score: 62,
        avgAllocationTime: '15 min',
        avgFRT: '25 min',
        avgResolutionTime: '7.5 hrs',
        ticketsHandled: 2,
        ticketsResolved: 2,
        reopenRate: '100.0%',
        slaBreach: 1,
        csat: 4,
        signals: ['High reopen rate', 'Frequent SLA breaches'],
        signalType: 'critical',
      },
    ]);
    assert.deepEqual(support.agentComparison, [
      { name: 'Rajesh K', score: 90, resolutionTime: 2 },
      { name: 'Priya S', score: 62, resolutionTime: 7.5 },
    ]);
    assert.deepEqual(
      support.tickets.map(({ id, sla, assignee, createdAt, age }) => [id, sla, assignee, createdAt, age]),
      [
        ['T5', 'Within SLA', 'Unassigned', '2025-10-15 13:30', '30m'],
        ['T1', 'At Risk', 'Rajesh Kumar', '2025-10-15 07:30', '6h 30m'],
        ['T4', 'Within SLA', 'Priya Singh', '2025-10-10 09:30', '5d 4h'],
      ],
    );
    assert.deepEqual(support.shiftHandover, {
      pendingTickets: 3,
      criticalIssues: 0,
      notes: 'K8s cluster issue ongoing for CloudBase',
      previousShift: 'Morning (6AM-2PM)',
      handoverBy: 'Rajesh Kumar',
    });
    assert.deepEqual(support.slaMetrics, {
      frtTrend: {
        labels: ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'],
        values: [0, 20, 0, 0, 30, 6, 10],
      },
      resolutionTrend: {
        labels: ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'],
        values: [0, 10, 0, 0, 5, 2, 0],
      },
      complianceTrend: { labels: ['Week 1', 'Week 2', 'Week 3', 'Week 4'], values: [0, 0, 0, 80] },
    });
  });

  it('breaches SLA and raises a critical issue when a ticket turns critical', async () => {
    const t = await build();
    await t.put(
      'tickets',
      ticket('T5', { severity: 'Critical', status: 'New', createdAt: '2025-10-15T08:00:00Z' }),
    );
    await t.remove('tickets', 'T4');
    const support = await t.dashboard('support');
    assert.equal(support.kpis.slaCompliance, '50.0%');
    assert.equal(support.kpis.openTickets, 2);
    assert.equal(support.shiftHandover.criticalIssues, 1);
    assert.equal(support.tickets[0]?.sla, 'Breached');
    assert.deepEqual(support.reopenReasons, { labels: ['Incomplete Fix'], values: [1] });
  });
  it("puts a ticket on its local day across a daylight-saving change in the tenant's zone", async () => {
    // Wednesday 5 November 2025 in New York; Sunday 2 November lasted 25 hours (EDT to EST).
    const wednesday = new Date('2025-11-05T15:00:00Z');
    const app = createApp({ engine: await freshTestEngine(), clock: () => wednesday });
    await app.deps.stores.tenants.create(
      { name: 'Gotham', apiKey: 'key-ny', timezone: 'America/New_York' },
      wednesday,
    );
    const headers = { 'X-API-Key': 'key-ny', 'Content-Type': 'application/json' };
    const records = [
      // Sunday 23:30 EST: 24 hours after Sunday began would already be Monday.
      ticket('N1', {
        severity: 'Low',
        status: 'Closed',
        createdAt: '2025-11-03T04:30:00Z',
        firstResponseAt: '2025-11-03T04:40:00Z',
        resolvedAt: '2025-11-03T04:45:00Z',
      }),
      // Saturday 23:30 EDT.
      ticket('N2', {
        severity: 'Low',
        status: 'Closed',
        createdAt: '2025-11-02T03:30:00Z',
        firstResponseAt: '2025-11-02T03:50:00Z',
        resolvedAt: '2025-11-02T03:59:00Z',
      }),
    ];
    const pushed = await app.request('/api/crm/tickets', {
      method: 'POST',
      headers,
      body: JSON.stringify({ records }),
    });
    assert.equal(pushed.status, 200);
    const support = SupportDashboard.parse(
      await (await app.request('/api/dashboards/support', { headers })).json(),
    );
    assert.deepEqual(support.slaMetrics.frtTrend, {
      labels: ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'],
      values: [0, 0, 20, 10, 0, 0, 0],
    });
    assert.deepEqual(support.slaMetrics.resolutionTrend.values, [0, 0, 0.5, 0.3, 0, 0, 0]);
  });
});

describe('billing dashboard', () => {
  const build = async () => {
    const t = await setup();
    await t.push('reps', [{ id: 'sneha', name: 'Sneha Gupta', team: 'Billing' }]);
    await t.push('accounts', [{ id: 'ACC-TV', company: 'TechVision Corp', mrr: 240_000 }]);
    const invoice = (id: string, extra: Record<string, unknown>) => ({ id, customerType: 'SMB', ...extra });
    await t.push('invoices', [
      invoice('I1', {
        invoiceNo: 'INV-2024-0156',
        customer: 'TechVision Corp',
        accountId: 'ACC-TV',
        customerType: 'Enterprise',
        orderDate: '2025-10-01',
        invoiceDate: '2025-10-03',
        dueDate: '2025-10-10',
        amount: 125_000,
        placeOfSupply: 'Maharashtra',
        gstin: '27AAACT2727Q1ZW',
        productLine: 'VMs',
        createdById: 'sneha',
        remindersSent: 2,
      }),
      invoice('I2', {
        invoiceNo: 'INV-2024-0157',
        customer: 'CloudBase Ltd',
        invoiceDate: '2025-10-05',
        dueDate: '2025-11-04',
        amount: 100_300,
        placeOfSupply: 'Karnataka',
        gstin: '29AAACC1234F1Z5',
        productLine: 'Kubernetes',
        createdById: 'sneha',
        hadError: true,
      }),
      invoice('I3', {
        invoiceNo: 'INV-2024-0158',
        customer: 'Global Tech Inc',
        customerType: 'Enterprise',
        invoiceDate: '2025-10-08',
        dueDate: '2025-11-07',
        amount: 250_000,
        placeOfSupply: 'USA',
        productLine: 'Storage',
        createdById: 'sneha',
      }),
      invoice('I4', {
        invoiceNo: 'INV-2025-0090',
        customer: 'TechVision Corp',
        customerType: 'Enterprise',
        invoiceDate: '2025-07-01',
        dueDate: '2025-07-16',
        amount: 59_000,
        placeOfSupply: 'Maharashtra',
        productLine: 'VMs',
      }),
      invoice('I5', {
        invoiceNo: 'INV-2025-0100',
        customer: 'DataFlow Systems',
        invoiceDate: '2025-08-20',
        dueDate: '2025-09-04',
        amount: 23_600,
        placeOfSupply: 'Gujarat',
      }),
      invoice('I6', {
        invoiceNo: 'INV-2025-0120',
        customer: 'CloudBase Ltd',
        invoiceDate: '2025-09-10',
        dueDate: '2025-09-20',
        amount: 35_400,
        placeOfSupply: 'Karnataka',
      }),
    ]);
    await t.push('payments', [
      { id: 'P2', invoiceId: 'I2', amount: 100_300, paidAt: '2025-10-12' },
      { id: 'P3', invoiceId: 'I3', amount: 50_000, paidAt: '2025-10-14' },
      { id: 'P5', invoiceId: 'I5', amount: 10_000, paidAt: '2025-09-01' },
      { id: 'P6', invoiceId: 'I6', amount: 35_400, paidAt: '2025-09-25' },
    ]);
    await t.push('refunds', [
      {
        id: 'REF-2025-0012',
        invoiceId: 'I2',
        amount: 15_000,
        reason: 'Service Issue',
        processedById: 'sneha',
        requestedAt: '2025-10-10',
        processedAt: '2025-10-13',
        status: 'Completed',
      },
      {
        id: 'REF-2025-0013',
        invoiceId: 'I6',
        amount: 5_000,
        reason: 'Billing Error',
        requestedAt: '2025-10-14',
        status: 'Requested',
      },
      {
        id: 'REF-2025-0009',
        invoiceId: 'I5',
        amount: 2_000,
        reason: 'Duplicate',
        requestedAt: '2025-09-01',
        processedAt: '2025-09-02',
        status: 'Completed',
      },
    ]);
    return t;
  };

  it('computes KPIs, overdue aging, GST split, refunds, customer health, team, alerts and series', async () => {
    const t = await build();
    const billing = await t.dashboard('billing');
    assert.deepEqual(billing.kpis, {
      totalInvoiced: '₹ 4.75L',
      totalCollected: '₹ 1.5L',
      collectionEfficiency: '31.6%',
      pendingReceivables: '₹ 3.98L',
      overdueAmount: '₹ 1.98L',
      refundsIssued: '₹ 15K',
      netRevenue: '₹ 1.35L',
      gstCollected: '₹ 34.37K',
    });
    assert.deepEqual(
      billing.overdueDetails.map((row) => [
        row.invoiceNo,
        row.daysOverdue,
        row.paid,
        row.outstanding,
        row.status,
      ]),
      [
        ['INV-2025-0090', 91, '0', '59,000', 'Overdue'],
        ['INV-2025-0100', 41, '10,000', '13,600', 'Partially Paid'],
        ['INV-2024-0156', 5, '0', '1,25,000', 'Overdue'],
      ],
    );
    assert.deepEqual(billing.overdueDetails[2], {
      invoiceDate: '2025-10-03',
      customer: 'TechVision Corp',
      type: 'Enterprise',
      typeClass: 'primary',
      invoiceNo: 'INV-2024-0156',
      dueDate: '2025-10-10',
      amount: '1,25,000',
      paid: '0',
      outstanding: '1,25,000',
      daysOverdue: 5,
      status: 'Overdue',
      statusClass: 'danger',
    });
    assert.deepEqual(
      billing.agingBuckets.map(({ label, amount }) => [label, amount]),
      [
        ['0-30 days', '1.25'],
        ['31-60 days', '0.14'],
        ['61-90 days', '0'],
        ['> 90 days', '0.59'],
      ],
    );
    assert.deepEqual(billing.gstDetails, [
      {
        invoiceNo: 'INV-2024-0158',
        customer: 'Global Tech Inc',
        type: 'Overseas',
        typeClass: 'info',
        placeOfSupply: 'USA',
        taxableValue: '2,50,000',
        cgst: '0',
        sgst: '0',
        igst: '0',
        category: 'Export',
      },
      {
        invoiceNo: 'INV-2024-0157',
        customer: 'CloudBase Ltd',
        type: 'Registered',
        typeClass: 'success',
        placeOfSupply: 'Karnataka',
        taxableValue: '85,000',
        cgst: '0',
        sgst: '0',
        igst: '15,300',
        category: 'Inter-State',
      },
      {
        invoiceNo: 'INV-2024-0156',
        customer: 'TechVision Corp',
        type: 'Registered',
        typeClass: 'success',
        placeOfSupply: 'Maharashtra',
        taxableValue: '1,05,932',
        cgst: '9,534',
        sgst: '9,534',
        igst: '0',
        category: 'Intra-State',
      },
    ]);
    assert.deepEqual(billing.refundDetails[1], {
      date: '2025-10-13',
      customer: 'CloudBase Ltd',
      invoiceNo: 'INV-2024-0157',
      refundId: 'REF-2025-0012',
      amount: '15,000',
      reason: 'Service Issue',
      processedBy: 'Sneha Gupta',
      status: 'Completed',
      statusClass: 'success',
    });
    assert.deepEqual(
      billing.refundDetails.map((r) => [r.refundId, r.date, r.status, r.statusClass]),
      [
        ['REF-2025-0013', '2025-10-14', 'Requested', 'warning'],
        ['REF-2025-0012', '2025-10-13', 'Completed', 'success'],
        ['REF-2025-0009', '2025-09-02', 'Completed', 'success'],
      ],
    );
    assert.deepEqual(billing.refundMetrics, {
      totalRefunds: '₹ 15K',
      refundCount: 1,
      avgProcessingTime: '3 days',
      reasons: { labels: ['Service Issue'], values: [1] },
    });
    assert.deepEqual(billing.customerHealth, [
      {
        name: 'TechVision Corp',
        mrr: '2.4L',
        healthScore: 29,
        avgDelay: 48,
        totalOverdues: '1.84L',
        refundCount: 0,
        riskLevel: 'High Risk',
        riskClass: 'danger',
      },
      {
        name: 'DataFlow Systems',
        mrr: '6.67K',
        healthScore: 15,
        avgDelay: 41,
        totalOverdues: '13.6K',
        refundCount: 1,
        riskLevel: 'High Risk',
        riskClass: 'danger',
      },
      {
        name: 'Global Tech Inc',
        mrr: '83.33K',
        healthScore: 100,
        avgDelay: 0,
        totalOverdues: '0',
        refundCount: 0,
        riskLevel: 'Low Risk',
        riskClass: 'success',
      },
      {
        name: 'CloudBase Ltd',
        mrr: '38.33K',
        healthScore: 84,
        avgDelay: 3,
        totalOverdues: '0',
        refundCount: 2,
        riskLevel: 'Low Risk',
        riskClass: 'success',
      },
    ]);
    assert.deepEqual(billing.teamPerformance, [
      {
        name: 'Sneha Gupta',
        invoices: 3,
        amount: '4.75L',
        collections: '1.5L',
        reminders: 2,
        refunds: 1,
        errors: 1,
        invoiceTime: '2.0',
        paymentTime: '7.0',
      },
    ]);
    assert.deepEqual(billing.alerts, [
      {
        title: 'High Overdue Alert',
        description: 'TechVision Corp has ₹1.84L overdue for 91+ days',
        severity: 'High',
        action: 'Send Reminder',
      },
      {
        title: 'Overdue Reminder',
        description: 'DataFlow Systems has ₹13.6K overdue for 41+ days',
        severity: 'Medium',
        action: 'Send Reminder',
      },
      {
        title: 'GST Filing Due',
        description: 'GSTR-3B for September due in 5 days',
        severity: 'Medium',
        action: 'Review Returns',
      },
      {
        title: 'Low Collection Efficiency',
        description: 'Collections this month are 31.6% of the amount invoiced',
        severity: 'High',
        action: 'Review Receivables',
      },
    ]);
    assert.deepEqual(billing.salesVsCollection, {
      labels: ['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct'],
      invoiced: [0, 0, 0.59, 0.24, 0.35, 4.75],
      collected: [0, 0, 0, 0, 0.45, 1.5],
      pending: [0, 0, 0.59, 0.14, 0, 3.25],
    });
    assert.deepEqual(billing.productRevenue, {
      labels: ['Storage', 'VMs', 'Kubernetes'],
      invoiced: [2.5, 1.25, 1],
      collected: [0.5, 0, 1],
    });
  });

  it('follows a new payment and a change of the GST home state', async () => {
    const t = await build();
    await t.push('payments', [{ id: 'P1', invoiceId: 'I1', amount: 125_000, paidAt: '2025-10-15' }]);
    assert.equal((await t.request('PUT', '/api/crm/settings', { homeState: 'Karnataka' })).status, 200);
    const billing = await t.dashboard('billing');
    assert.equal(billing.kpis.totalCollected, '₹ 2.75L');
    assert.equal(billing.kpis.overdueAmount, '₹ 72.6K');
    assert.equal(billing.agingBuckets[0]?.amount, '0');
    const gst = Object.fromEntries(
      billing.gstDetails.map((row) => [row.invoiceNo, [row.category, row.cgst, row.sgst, row.igst]]),
    );
    assert.deepEqual(gst['INV-2024-0157'], ['Intra-State', '7,650', '7,650', '0']);
    assert.deepEqual(gst['INV-2024-0156'], ['Inter-State', '0', '0', '19,068']);
  });
  it('credits a payment to the product line and author of its invoice, also when the invoice comes later', async () => {
    const t = await build();
    await t.push('payments', [{ id: 'P9', invoiceId: 'I9', amount: 20_000, paidAt: '2025-10-14' }]);
    const before = await t.dashboard('billing');
    assert.deepEqual(before.productRevenue.labels, ['Storage', 'VMs', 'Kubernetes', 'Other']);
    assert.equal(before.productRevenue.collected[3], 0.2);
    assert.equal(before.teamPerformance[0]?.collections, '1.5L');
    await t.push('invoices', [
      {
        id: 'I9',
        customerType: 'SMB',
        invoiceNo: 'INV-2025-0090',
        customer: 'CloudBase Ltd',
        invoiceDate: '2025-08-01',
        dueDate: '2025-08-15',
        amount: 20_000,
        placeOfSupply: 'Karnataka',
        productLine: 'Kubernetes',
        createdById: 'sneha',
      },
    ]);
    const after = await t.dashboard('billing');
    assert.deepEqual(after.productRevenue, {
      labels: ['Storage', 'VMs', 'Kubernetes'],
      invoiced: [2.5, 1.25, 1],
      collected: [0.5, 0, 1.2],
    });
    assert.equal(after.teamPerformance[0]?.collections, '1.7L');
  });
});

describe('every dashboard', () => {
  it("is served with the same body at the seed's .php path, and needs the key", async () => {
    const t = await setup();
    await t.push('reps', [{ id: 'r1', name: 'Amit Kumar', team: 'Inbound' }]);
    for (const name of Object.keys(SCHEMAS)) {
      const api = await t.request('GET', `/api/dashboards/${name}`);
      const php = await t.request('GET', `/${name}-api.php`);
      assert.equal(php.status, 200);
      assert.deepEqual(await php.json(), await api.json());
      const anonymous = await t.app.request(`/${name}-api.php`);
      assert.equal(anonymous.status, 401);
      ErrorBody.parse(await anonymous.json());
    }
  });

  it('shows a tenant only its own records', async () => {
    const t = await setup();
    await t.push('invoices', [
      {
        id: 'I1',
        invoiceNo: 'INV-1',
        customer: 'A Corp',
        invoiceDate: '2025-10-01',
        dueDate: '2025-10-05',
        amount: 118_000,
        placeOfSupply: 'Maharashtra',
      },
    ]);
    await t.push('leads', [
      { id: 'L1', name: 'Only A', status: 'Not Called', createdAt: '2025-10-01T00:00:00Z' },
    ]);
    await t.push('tickets', [
      { id: 'T1', subject: 'A', severity: 'Low', status: 'New', createdAt: '2025-10-14T00:00:00Z' },
    ]);
    await t.push('accounts', [{ id: 'A1', company: 'A Corp', mrr: 100_000 }]);
    await t.push('deals', [
      { id: 'D1', name: 'A deal', value: 100_000, stage: 'New', createdAt: '2025-10-01T00:00:00Z' },
    ]);
    const mine = await t.dashboard('billing');
    assert.equal(mine.kpis.totalInvoiced, '₹ 1.18L');
    const theirs = await t.dashboard('billing', 'key-b');
    assert.equal(theirs.kpis.totalInvoiced, '₹ 0');
    assert.deepEqual(theirs.overdueDetails, []);
    assert.equal((await t.dashboard('leads', 'key-b')).leadDatabase.length, 0);
    assert.equal((await t.dashboard('support', 'key-b')).kpis.openTickets, 0);
    assert.equal((await t.dashboard('account-management', 'key-b')).kpis.totalAccounts, 0);
    assert.equal((await t.dashboard('sales', 'key-b')).kpis.dealsInPipe, '₹ 0');
    assert.equal((await t.dashboard('sales')).kpis.dealsInPipe, '₹ 1L');
  });
});

describe('demo data set', () => {
  it('fills every section of all five dashboards with valid data', async () => {
    const engine = await freshTestEngine();
    await seedDemoTenant(engine.stores, { apiKey: 'demo-key', now });
    const app = createApp({ engine, clock: () => now });
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      const response = await app.request(`/api/dashboards/${name}`, { headers: { 'X-API-Key': 'demo-key' } });
      assert.equal(response.status, 200);
      const body = schema.parse(await response.json()) as Record<string, unknown>;
      for (const [section, value] of Object.entries(body)) {
        assert.ok(hasData(value), `${name}.${section} is empty`);
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [field, inner] of Object.entries(value)) {
            if (Array.isArray(inner)) assert.ok(hasData(inner), `${name}.${section}.${field} is empty`);
          }
        }
      }
    }
  });
});

/** True when a value shows something: a non-empty array, a non-zero number, a non-empty string. */
const hasData = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.length > 0 && value.some(hasData);
  if (value && typeof value === 'object') return Object.values(value).some(hasData);
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '' && !/^(₹ ?)?0(\.0)?%?$/.test(value);
  return Boolean(value);
};
