import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compactRupees,
  formatAge,
  formatDay,
  formatDueTime,
  formatIndianNumber,
  formatInr,
  formatMinutes,
  formatPercent,
  formatTimeAgo,
  initials,
  lakhs,
  lakhsText,
  shortName,
} from './format.ts';
import { isIndianState, splitGst, taxableValueOf } from './gst.ts';
import {
  accountHealthScore,
  agentScore,
  agentSignals,
  billingHealthScore,
  healthBand,
  netPromoterScore,
  targetStatus,
} from './scores.ts';
import { addMonths, localDate, zonedInstant } from './time.ts';

const IST = 'Asia/Kolkata';

describe('Indian currency', () => {
  it('picks K, L or Cr and keeps at most two decimals', () => {
    const cases: [number, string][] = [
      [0, '₹ 0'],
      [850, '₹ 850'],
      [999.4, '₹ 999'],
      [999.6, '₹ 1K'],
      [1000, '₹ 1K'],
      [45_300, '₹ 45.3K'],
      [4_400, '₹ 4.4K'],
      [99_994, '₹ 99.99K'],
      [99_995, '₹ 1L'],
      [100_000, '₹ 1L'],
      [125_000, '₹ 1.25L'],
      [6_802_000, '₹ 68.02L'],
      [9_999_499, '₹ 99.99L'],
      [9_999_500, '₹ 1Cr'],
      [12_000_000, '₹ 1.2Cr'],
      [1_500_000_000, '₹ 150Cr'],
      [-45_300, '-₹ 45.3K'],
    ];
    for (const [rupees, text] of cases) assert.equal(formatInr(rupees), text, `${rupees}`);
  });

  it('rounds half up at the second decimal', () => {
    assert.equal(compactRupees(1005), '1.01K');
    assert.equal(compactRupees(1004), '1K');
    assert.equal(compactRupees(4_235_000), '42.35L');
  });

  it('has the account dashboard form without a space and the bare form without the symbol', () => {
    assert.equal(formatInr(4_280_000, { space: false }), '₹42.8L');
    assert.equal(compactRupees(240_000), '2.4L');
    assert.equal(compactRupees(0), '0');
  });

  it('groups digits the Indian way', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [999, '999'],
      [1000, '1,000'],
      [99_999, '99,999'],
      [125_000, '1,25,000'],
      [105_932.2, '1,05,932'],
      [9_533.9, '9,534'],
      [12_345_678, '1,23,45,678'],
      [-125_000, '-1,25,000'],
    ];
    for (const [value, text] of cases) assert.equal(formatIndianNumber(value), text, `${value}`);
  });

  it('gives lakhs as chart numbers and as strings', () => {
    assert.equal(lakhs(4_230_000), 42.3);
    assert.equal(lakhs(23_600), 0.24);
    assert.equal(lakhsText(250_000), '2.5');
    assert.equal(lakhsText(125_000), '1.25');
    assert.equal(lakhsText(0), '0');
  });
});

describe('percentages, durations and names', () => {
  it('formats percentages with the given decimals', () => {
    assert.equal(formatPercent((423 / 458) * 100), '92.4%');
    assert.equal(formatPercent(87.4, 0), '87%');
    assert.equal(formatPercent(0), '0.0%');
  });

  it('formats minutes, hours and ages', () => {
    assert.equal(formatMinutes(8.4), '8 min');
    assert.equal(formatMinutes(150), '2.5 hrs');
    assert.equal(formatAge((4 * 60 + 15) * 60_000), '4h 15m');
    assert.equal(formatAge(45 * 60_000), '45m');
    assert.equal(formatAge((50 * 60 + 5) * 60_000), '2d 2h');
  });

  it('derives initials and short names', () => {
    assert.equal(initials('Tanvi R Mehta'), 'TRM');
    assert.equal(shortName('Rajesh Kumar'), 'Rajesh K');
    assert.equal(shortName('Latif'), 'Latif');
  });
});

describe('relative times in the tenant zone', () => {
  const now = new Date('2025-10-15T08:30:00Z');

  it('counts back in minutes, hours, days and months', () => {
    assert.equal(formatTimeAgo(new Date('2025-10-15T08:29:30Z'), now), 'just now');
    assert.equal(formatTimeAgo(new Date('2025-10-15T08:21:00Z'), now), '9 minutes ago');
    assert.equal(formatTimeAgo(new Date('2025-10-15T06:30:00Z'), now), '2 hours ago');
    assert.equal(formatTimeAgo(new Date('2025-10-14T08:00:00Z'), now), '1 day ago');
    assert.equal(formatTimeAgo(new Date('2025-10-10T08:30:00Z'), now), '5 days ago');
    assert.equal(formatTimeAgo(new Date('2025-08-01T08:30:00Z'), now), '2 months ago');
    assert.equal(formatTimeAgo(new Date('2025-10-15T10:30:00Z'), now), 'in 2 hours');
  });

  it('names today and tomorrow by the Kolkata calendar, across midnight', () => {
    // 23:30 IST on the 15th; 00:15 IST on the 16th is tomorrow although both are the 15th in UTC.
    const lateEvening = new Date('2025-10-15T18:00:00Z');
    assert.equal(formatDueTime(new Date('2025-10-15T18:45:00Z'), lateEvening, IST), 'Tomorrow, 12:15 AM');
    assert.equal(formatDueTime(new Date('2025-10-15T09:00:00Z'), lateEvening, IST), 'Today, 2:30 PM');
    // 00:30 IST on the 16th: 23:30 IST the evening before is yesterday.
    const afterMidnight = new Date('2025-10-15T19:00:00Z');
    assert.equal(formatDueTime(new Date('2025-10-15T18:00:00Z'), afterMidnight, IST), 'Yesterday, 11:30 PM');
    assert.equal(formatDueTime(new Date('2025-10-16T04:30:00Z'), afterMidnight, IST), 'Today, 10:00 AM');
    assert.equal(formatDueTime(new Date('2025-10-20T04:30:00Z'), afterMidnight, IST), '20 Oct, 10:00 AM');
    assert.equal(formatDueTime(new Date('2026-01-02T04:30:00Z'), afterMidnight, IST), '2 Jan 2026, 10:00 AM');
  });

  it('names calendar days relative to today', () => {
    assert.equal(formatDay('2025-10-15', now, IST), 'Today');
    assert.equal(formatDay('2025-10-16', now, IST), 'Tomorrow');
    assert.equal(formatDay('2025-10-18', now, IST), 'In 3 days');
    assert.equal(formatDay('2025-10-12', now, IST), '3 days overdue');
  });

  it('finds local midnight and shifts months', () => {
    assert.equal(zonedInstant('2025-10-15', IST).toISOString(), '2025-10-14T18:30:00.000Z');
    assert.equal(localDate(new Date('2025-10-14T18:30:00Z'), IST), '2025-10-15');
    assert.equal(localDate(new Date('2025-10-14T18:29:59Z'), IST), '2025-10-14');
    assert.equal(addMonths('2025-01', -1), '2024-12');
    assert.equal(addMonths('2025-11', 3), '2026-02');
  });
});

describe('GST split', () => {
  it('splits the seed example within Maharashtra into equal CGST and SGST', () => {
    const invoice = { amount: 125_000, gstRate: 18, placeOfSupply: 'Maharashtra' };
    const taxableValue = taxableValueOf(invoice);
    const split = splitGst({ ...invoice, taxableValue }, 'Maharashtra');
    assert.equal(split.category, 'Intra-State');
    assert.equal(formatIndianNumber(split.taxable), '1,05,932');
    assert.equal(formatIndianNumber(split.cgst), '9,534');
    assert.equal(split.cgst, split.sgst);
    assert.equal(split.igst, 0);
  });

  it('charges IGST to another state and nothing on exports', () => {
    const karnataka = splitGst(
      { amount: 100_300, taxableValue: 85_000, placeOfSupply: 'Karnataka' },
      'Maharashtra',
    );
    assert.deepEqual(karnataka, { category: 'Inter-State', taxable: 85_000, cgst: 0, sgst: 0, igst: 15_300 });
    const usa = { amount: 250_000, gstRate: 18, placeOfSupply: 'USA' };
    assert.equal(taxableValueOf(usa), 250_000);
    assert.deepEqual(splitGst({ ...usa, taxableValue: 250_000 }, 'Maharashtra'), {
      category: 'Export',
      taxable: 250_000,
      cgst: 0,
      sgst: 0,
      igst: 0,
    });
  });

  it('matches state names loosely and knows union territories', () => {
    assert.equal(isIndianState(' tamil  nadu '), true);
    assert.equal(isIndianState('Jammu & Kashmir'), true);
    assert.equal(isIndianState('Singapore'), false);
  });
});

describe('scores', () => {
  it('computes NPS from promoters and detractors', () => {
    assert.equal(netPromoterScore([10, 10, 9, 5]), 50);
    assert.equal(netPromoterScore([10, 8, 3, 6]), -25);
    assert.equal(netPromoterScore([]), 0);
  });

  it('bands health scores at 80, 60 and 40', () => {
    assert.deepEqual([80, 79, 60, 59, 40, 39].map(healthBand), [
      'healthy',
      'watchlist',
      'watchlist',
      'atRisk',
      'atRisk',
      'critical',
    ]);
  });

  it('weighs usage, payments, escalations, NPS and contact into account health', () => {
    const perfect = {
      usagePercent: 100,
      paymentDelayDays: 0,
      openEscalations: 0,
      npsResponses: [10],
      daysSinceContact: 1,
    };
    assert.equal(accountHealthScore(perfect), 100);
    assert.equal(
      accountHealthScore({
        usagePercent: 30,
        paymentDelayDays: 30,
        openEscalations: 2,
        npsResponses: [3],
        daysSinceContact: 40,
      }),
      35,
    );
  });

  it('scores billing customers and agents by their documented formulas', () => {
    assert.equal(billingHealthScore({ avgDelayDays: 3, overdue: 0, mrr: 100_000, refundCount: 2 }), 84);
    const stats = {
      handled: 2,
      resolved: 1,
      reopened: 0,
      slaBreaches: 0,
      avgAllocationMinutes: 4.5,
      avgFrtMinutes: 8,
      avgResolutionHours: 2,
      csat: 5,
    };
    assert.equal(agentScore(stats), 90);
    assert.deepEqual(agentSignals(stats, 90), {
      signals: ['Fast responder', 'High quality'],
      signalType: 'positive',
    });
  });

  it('judges a target by its pace through the month', () => {
    assert.equal(targetStatus(100, 0.5), 'Achieved');
    assert.equal(targetStatus(50, 0.5), 'On Track');
    assert.equal(targetStatus(35, 0.5), 'At Risk');
    assert.equal(targetStatus(20, 0.5), 'Behind');
  });
});
