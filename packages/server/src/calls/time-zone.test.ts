import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayStart, hourStart, localTime, monthStart, nextMonthStart, planRange } from './time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('time-zone arithmetic', () => {
  it('finds local hour, day and month starts in half-hour and daylight-saving zones', () => {
    assert.equal(iso(hourStart('Asia/Kolkata', at('2025-10-12T20:10:00Z'))), '2025-10-12T19:30:00.000Z');
    assert.equal(iso(hourStart('Asia/Kathmandu', at('2025-10-12T20:20:00Z'))), '2025-10-12T20:15:00.000Z');
    assert.equal(iso(hourStart('Asia/Kathmandu', at('2025-10-12T19:59:00Z'))), '2025-10-12T19:15:00.000Z');
    assert.equal(iso(dayStart('Asia/Kolkata', at('2025-10-12T20:00:00Z'))), '2025-10-12T18:30:00.000Z');
    assert.equal(iso(monthStart('Asia/Kolkata', at('2025-10-31T19:00:00Z'))), '2025-10-31T18:30:00.000Z');
    assert.equal(iso(nextMonthStart('Asia/Kolkata', at('2025-10-12T00:00:00Z'))), '2025-10-31T18:30:00.000Z');
    // New York falls back on 2 Nov 2025: that day has 25 hours.
    assert.equal(iso(dayStart('America/New_York', at('2025-11-02T23:00:00Z'))), '2025-11-02T04:00:00.000Z');
    assert.equal(iso(dayStart('America/New_York', at('2025-11-03T06:00:00Z'))), '2025-11-03T05:00:00.000Z');
    assert.equal(iso(monthStart('America/New_York', at('2025-11-15T12:00:00Z'))), '2025-11-01T04:00:00.000Z');
    assert.deepEqual(localTime('Asia/Kolkata', at('2025-10-12T20:00:00Z')), {
      day: '2025-10-13',
      hour: 1,
      dayOfWeek: 1,
    });
  });

  it('plans a range as whole months, days and hours, and raw minutes at the edges', () => {
    const plan = planRange(
      'Asia/Kolkata',
      { from: at('2025-09-30T10:10:00Z'), to: at('2025-11-02T05:40:00Z') },
      { months: true, hours: true },
    );
    assert.deepEqual(plan.months, { first: '2025-10', last: '2025-10' });
    assert.deepEqual(plan.days, [{ first: '2025-11-01', last: '2025-11-01' }]);
    assert.deepEqual(
      plan.hours.map(([a, b]) => [iso(a), iso(b)]),
      [
        ['2025-09-30T10:30:00.000Z', '2025-09-30T18:30:00.000Z'],
        ['2025-11-01T18:30:00.000Z', '2025-11-02T05:30:00.000Z'],
      ],
    );
    assert.deepEqual(
      plan.raw.map(([a, b]) => [iso(a), iso(b)]),
      [
        ['2025-09-30T10:10:00.000Z', '2025-09-30T10:30:00.000Z'],
        ['2025-11-02T05:30:00.000Z', '2025-11-02T05:40:00.000Z'],
      ],
    );
    assert.deepEqual(planRange('UTC', {}), {
      months: null,
      days: [{ first: undefined, last: undefined }],
      daySpans: [[-Infinity, Infinity]],
      hours: [],
      raw: [],
    });
  });
});
