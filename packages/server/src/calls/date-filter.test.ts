import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../http/errors.ts';
import { dateRange } from './date-filter.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const range = (start?: string, end?: string) => {
  const { from, to } = dateRange(start, end);
  return [iso(from), iso(to)];
};

describe('date filters', () => {
  it('read plain dates as UTC days and date-time end dates as inclusive of their last unit', () => {
    assert.deepEqual(range('2025-10-01', '2025-10-31'), [
      '2025-10-01T00:00:00.000Z',
      '2025-11-01T00:00:00.000Z',
    ]);
    assert.deepEqual(range('2025-10-12T00:00:00Z', '2025-10-12T23:59:59Z'), [
      '2025-10-12T00:00:00.000Z',
      '2025-10-13T00:00:00.000Z',
    ]);
    assert.deepEqual(range(undefined, '2025-10-12T23:59:59.999Z'), [undefined, '2025-10-13T00:00:00.000Z']);
    assert.deepEqual(range(undefined, '2025-10-12T23:59:59.5Z'), [undefined, '2025-10-12T23:59:59.501Z']);
    assert.deepEqual(range(undefined, '2025-10-12T23:59Z'), [undefined, '2025-10-13T00:00:00.000Z']);
    assert.deepEqual(range('2025-10-12T05:30:00+05:30'), ['2025-10-12T00:00:00.000Z', undefined]);
    // The seed's monthly report in India: local month ends, inclusive.
    assert.deepEqual(range('2025-09-30T18:30:00.000Z', '2025-10-31T18:29:59.000Z'), [
      '2025-09-30T18:30:00.000Z',
      '2025-10-31T18:30:00.000Z',
    ]);
  });

  it('refuses a start after the end', () => {
    assert.throws(() => dateRange('2025-10-05T00:00:00Z', '2025-10-04T23:59:59Z'), HttpError);
    assert.throws(() => dateRange('2025-10-05', '2025-10-01'), /startDate: must not be after endDate/);
  });
});
