import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import {
  AccountManagementDashboard,
  BillingDashboard,
  ErrorBody,
  LEAD_STATUSES,
  LeadsDashboard,
  SalesDashboard,
  SupportDashboard,
} from './index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

const pathOf = (schema: z.ZodType, value: unknown): PropertyKey[][] => {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, 'expected the value to be rejected');
  return result.error?.issues.map((issue) => issue.path) ?? [];
};

const examples: [string, z.ZodType][] = [
  ['sales', SalesDashboard],
  ['leads', LeadsDashboard],
  ['account-management', AccountManagementDashboard],
  ['support', SupportDashboard],
  ['billing', BillingDashboard],
];

describe('seed 004 example responses', () => {
  for (const [name, schema] of examples) {
    it(`${name} parses with its schema and keeps every key the seed shows`, () => {
      const example = fixture(name);
      // Object schemas strip unknown keys, so equality proves no field of the seed is missing.
      assert.deepEqual(schema.parse(example), example);
    });
  }

  it('the error example parses as the error body', () => {
    assert.deepEqual(ErrorBody.parse(fixture('error')), {
      error: true,
      message: 'Error description',
      code: 400,
    });
  });

  it('the leads example lists all thirteen statuses', () => {
    const leads = LeadsDashboard.parse(fixture('leads'));
    assert.deepEqual(
      leads.statusDistribution.map((share) => share.status),
      [...LEAD_STATUSES],
    );
  });
});

describe('wrong types are rejected with the path of the field', () => {
  it('a number sent as a string (support kpis.openTickets)', () => {
    const example = fixture('support') as { kpis: Record<string, unknown> };
    example.kpis.openTickets = '152';
    assert.deepEqual(pathOf(SupportDashboard, example), [['kpis', 'openTickets']]);
  });

  it('a field inside an array item (billing overdueDetails[0].daysOverdue)', () => {
    const example = fixture('billing') as { overdueDetails: Record<string, unknown>[] };
    example.overdueDetails[0]!.daysOverdue = '28';
    assert.deepEqual(pathOf(BillingDashboard, example), [['overdueDetails', 0, 'daysOverdue']]);
  });

  it('a lead status outside the thirteen', () => {
    const example = fixture('leads') as { leadDatabase: Record<string, unknown>[] };
    example.leadDatabase[1]!.status = 'Maybe Later';
    assert.deepEqual(pathOf(LeadsDashboard, example), [['leadDatabase', 1, 'status']]);
  });

  it('a missing section (sales pipeline)', () => {
    const example = fixture('sales') as Record<string, unknown>;
    delete example.pipeline;
    assert.deepEqual(pathOf(SalesDashboard, example), [['pipeline']]);
  });

  it('a series of strings where numbers belong (account mrrTrend.existingMRR[2])', () => {
    const example = fixture('account-management') as { mrrTrend: { existingMRR: unknown[] } };
    example.mrrTrend.existingMRR[2] = '40';
    assert.deepEqual(pathOf(AccountManagementDashboard, example), [['mrrTrend', 'existingMRR', 2]]);
  });

  it('an error body whose code is not an HTTP error status', () => {
    assert.deepEqual(pathOf(ErrorBody, { error: true, message: 'x', code: 200 }), [['code']]);
  });
});
