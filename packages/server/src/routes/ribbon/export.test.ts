import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Call, ErrorBody, EXPORT_COLUMNS } from '@call-ribbon/contract';
import { csvField } from '../../calls/csv.ts';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

/** A small RFC 4180 reader, to check the export parses back to what was stored. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  assert.equal(field, '', 'the file ends with CRLF');
  return rows;
};

describe('CSV fields', () => {
  it('quote commas, quotes and line breaks and defuse formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField(null), '');
    assert.equal(csvField(42), '42');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('=HYPERLINK("http://evil")'), `"'=HYPERLINK(""http://evil"")"`);
    assert.equal(csvField('+919876543210'), "'+919876543210");
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\tcmd'), "'\tcmd");
    assert.equal(csvField('\rcmd'), `"'\rcmd"`);
  });
});

describe('GET /api/ribbon/export/calls', () => {
  const notes = 'Asked for "refund", then said:\r\nok, =call back';
  const seed = async () => {
    const context = await twoTenantApp();
    await context.logCall({
      events: [
        ...answeredCall('e1', '2025-10-01T10:00:00Z', { customerId: 'C1', customerName: '=cmd|calc' }),
        callEvent({
          eventId: 'e1-notes',
          callId: 'e1',
          event: 'callEnded',
          timestamp: '2025-10-01T10:05:00Z',
          notes,
          disposition: 'Callback, later',
        }),
        ...answeredCall('e2', '2025-10-02T10:00:00Z', { direction: 'inbound' }),
        ...answeredCall('e3', '2025-10-03T10:00:00Z'),
      ],
    });
    return context;
  };

  it('streams CSV with a header row, CRLF, quoting and formula defusing, oldest first', async () => {
    const { get } = await seed();
    const response = await get('/api/ribbon/export/calls?format=csv&startDate=2025-10-01&endDate=2025-10-02');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(
      response.headers.get('content-disposition'),
      'attachment; filename="call-logs-2025-10-01-to-2025-10-02.csv"',
    );
    const text = await response.text();
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    assert.deepEqual(rows[0], [...EXPORT_COLUMNS]);
    assert.equal(rows.length, 3);
    const first = Object.fromEntries(EXPORT_COLUMNS.map((column, i) => [column, rows[1]![i]]));
    assert.equal(first.callId, 'e1');
    assert.equal(first.customerName, "'=cmd|calc");
    assert.equal(first.phoneNumber, "'+919876543210");
    assert.equal(first.notes, notes);
    assert.equal(first.disposition, 'Callback, later');
    assert.equal(first.duration, '65');
    assert.equal(rows[2]![0], 'e2');
  });

  it('streams JSON as an array of calls, with the same filters', async () => {
    const { get } = await seed();
    const response = await get('/api/ribbon/export/calls?format=json&callDirection=outbound');
    assert.equal(response.status, 200);
    assert.match(
      response.headers.get('content-disposition')!,
      /filename="call-logs-all-to-2025-10-20\.json"/,
    );
    const calls = Call.array().parse(await response.json());
    assert.deepEqual(
      calls.map((call) => call.callId),
      ['e1', 'e3'],
    );
    assert.equal(calls[0]!.notes, notes);
    const empty = await get('/api/ribbon/export/calls?format=json&status=failed');
    assert.deepEqual(await empty.json(), []);
  });

  it('reads the database in chunks while the client reads the stream', async () => {
    const { logCall, get } = await twoTenantApp();
    const events = [];
    for (let i = 0; i < 2500; i++) {
      const at = new Date(Date.UTC(2025, 9, 1) + i * 60_000).toISOString();
      events.push(callEvent({ callId: `bulk-${i}`, event: 'dialing', timestamp: at }));
      if (events.length === 500) await logCall({ events: events.splice(0) });
    }
    const response = await get('/api/ribbon/export/calls?format=csv');
    const reader = response.body!.getReader();
    let lines = 0;
    let chunks = 0;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      lines += decoder.decode(value).split('\r\n').length - 1;
    }
    assert.equal(lines, 2501);
    assert.ok(chunks >= 4, `expected one chunk per 1000 rows, got ${chunks}`);
  });

  it('runs two exports of a client at once; a third is a 429 with Retry-After until one ends', async () => {
    const { get } = await seed();
    const first = await get('/api/ribbon/export/calls');
    const second = await get('/api/ribbon/export/calls?format=json');
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const third = await get('/api/ribbon/export/calls');
    assert.equal(third.status, 429);
    assert.match(third.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(ErrorBody.parse(await third.json()).code, 429);
    assert.equal(
      (await get('/api/ribbon/export/calls', 'key-b')).status,
      200,
      'another client is not held up',
    );

    await first.body!.cancel();
    await second.text();
    const after = await get('/api/ribbon/export/calls');
    assert.equal(after.status, 200);
    assert.match(await after.text(), /^callId,/);
  });

  it('answers 400 to a bad format or date and 401 without a key', async () => {
    const { get } = await seed();
    const bad = await get('/api/ribbon/export/calls?format=xlsx');
    assert.equal(bad.status, 400);
    assert.match(ErrorBody.parse(await bad.json()).message, /format: /);
    assert.equal((await get('/api/ribbon/export/calls?endDate=someday')).status, 400);
    assert.equal((await get('/api/ribbon/export/calls', null)).status, 401);
  });
});
