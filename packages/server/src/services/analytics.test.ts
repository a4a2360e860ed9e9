import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusCell } from '../stores/call-stats.ts';
import { countCalls, summarize } from './analytics.ts';

const cells: StatusCell[] = [
  { direction: 'outbound', status: 'completed', calls: 3, talkMs: 200_500 },
  { direction: 'inbound', status: 'completed', calls: 1, talkMs: 60_000 },
  { direction: 'inbound', status: 'on-hold', calls: 1, talkMs: 0 },
  { direction: 'inbound', status: 'missed', calls: 2, talkMs: 0 },
  { direction: 'outbound', status: 'rejected', calls: 1, talkMs: 0 },
  { direction: 'outbound', status: 'failed', calls: 1, talkMs: 0 },
  { direction: 'outbound', status: 'ringing', calls: 4, talkMs: 0 },
];

describe('analytics maths', () => {
  it('sums calls, splits them by direction and outcome, and averages talk over answered calls', () => {
    assert.deepEqual(summarize(cells), {
      totalCalls: 13,
      totalDuration: 260.5,
      // 260.5 s over 5 answered calls (completed and on hold).
      avgDuration: 52,
      inboundCalls: 4,
      outboundCalls: 9,
      answeredCalls: 5,
      missedCalls: 4,
    });
  });

  it('gives zeros, not NaN, for no calls', () => {
    assert.deepEqual(summarize([]), {
      totalCalls: 0,
      totalDuration: 0,
      avgDuration: 0,
      inboundCalls: 0,
      outboundCalls: 0,
      answeredCalls: 0,
      missedCalls: 0,
    });
  });

  it('counts the calls of a direction, a status or both', () => {
    assert.equal(countCalls(cells), 13);
    assert.equal(countCalls(cells, 'inbound'), 4);
    assert.equal(countCalls(cells, undefined, 'completed'), 4);
    assert.equal(countCalls(cells, 'outbound', 'completed'), 3);
  });
});
