// Runs in real Chromium against the real server (web-test-runner.config.mjs).
import type { CallEvent } from '@call-ribbon/contract';
import {
  createClient,
  isApiError,
  isUnauthorizedError,
  type LiveCallMessage,
  type LiveStreamOptions,
  UnauthorizedError,
} from './index.ts';

type MochaGlobals = {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void> | void) => void;
};
const { describe, it } = globalThis as unknown as MochaGlobals;

const check = (value: unknown, message: string): void => {
  if (!value) throw new Error(message);
};

const client = createClient({ apiKey: 'browser-client-key', apiUrl: location.origin });

const event = (callId: string, eventId: string, name: CallEvent['event'], timestamp: string): CallEvent => ({
  eventId,
  event: name,
  callId,
  timestamp,
  direction: 'outbound',
  phoneNumber: '+919876543210',
  customerData: { customerId: 'CUST001', name: 'Rajesh Kumar' },
});

/** Catches the `<a download>` the client clicks, instead of letting Chromium save a file. */
const catchDownload = async (run: () => Promise<void>) => {
  const original = HTMLAnchorElement.prototype.click;
  let link: { href: string; download: string; attached: boolean } | undefined;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    link = { href: this.href, download: this.download, attached: this.isConnected };
  };
  try {
    await run();
  } finally {
    HTMLAnchorElement.prototype.click = original;
  }
  check(link, 'the client clicked a download link');
  return { ...link!, text: await (await fetch(link!.href)).text() };
};

describe('in the browser', () => {
  it('reads, writes and maps errors through the platform fetch', async () => {
    await client.calls.log([
      event('b-1', 'b-1-dial', 'dialing', '2025-10-12T05:00:00Z'),
      event('b-1', 'b-1-conn', 'connected', '2025-10-12T05:00:10Z'),
      { ...event('b-1', 'b-1-end', 'callEnded', '2025-10-12T05:01:10Z'), duration: 60 },
    ]);
    const { logs } = await client.calls.list({ customerId: 'CUST001' });
    check(logs.length === 1 && logs[0]!.duration === 60, `one 60 s call, got ${JSON.stringify(logs)}`);

    const stranger = createClient({ apiKey: 'wrong', apiUrl: location.origin });
    const error = await stranger.config().catch((caught: unknown) => caught);
    check(error instanceof UnauthorizedError && isUnauthorizedError(error), 'an UnauthorizedError');
  });

  it('download() saves the CSV export under the name given', async () => {
    const saved = await catchDownload(() =>
      client.exports.calls.download(
        { format: 'csv', startDate: '2025-10-01', endDate: '2025-10-31' },
        'october.csv',
      ),
    );
    check(saved.download === 'october.csv', `file name october.csv, got ${saved.download}`);
    check(saved.href.startsWith('blob:'), 'a blob URL');
    check(saved.attached, 'the link is in the document when clicked (Firefox needs it)');
    check(saved.text.startsWith('callId,direction,status'), `the CSV header, got ${saved.text.slice(0, 40)}`);
    check(saved.text.includes('b-1,outbound,completed'), 'the logged call is in the file');
  });

  it("download() without a name uses the server's file name", async () => {
    const saved = await catchDownload(() =>
      client.exports.calls.download({ format: 'json', startDate: '2025-10-01', endDate: '2025-10-31' }),
    );
    const expected = 'call-logs-2025-10-01-to-2025-10-31.json';
    check(saved.download === expected, `file name ${expected}, got ${saved.download}`);
    const calls = JSON.parse(saved.text) as { callId: string }[];
    check(
      calls.some((call) => call.callId === 'b-1'),
      'the JSON export lists the call',
    );
  });

  it('guards recognise an error thrown in another frame', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const foreignWindow = frame.contentWindow as unknown as typeof globalThis;
      // An error built by the other frame's own Error constructor, shaped as the client shapes it.
      const foreign = new foreignWindow.Error('GET /x failed with 401');
      foreign.name = 'UnauthorizedError';
      Object.defineProperty(foreign, 'isCallRibbonError', { value: true });
      check(!(foreign instanceof Error), 'instanceof fails across frames');
      check(isUnauthorizedError(foreign) && isApiError(foreign), 'the guards still match');
    } finally {
      frame.remove();
    }
  });

  it('logKeepalive() delivers through a keepalive text/plain request the browser sends without preflight', async () => {
    const result = await client.calls.logKeepalive([
      event('b-2', 'b-2-dial', 'dialing', '2025-10-12T06:00:00Z'),
      event('b-2', 'b-2-miss', 'missed', '2025-10-12T06:00:30Z'),
    ]);
    check(result.accepted === 2, `two events accepted, got ${JSON.stringify(result)}`);
    const { logs } = await client.calls.list({ status: 'missed' });
    check(
      logs.some((call) => call.callId === 'b-2'),
      'the missed call is logged',
    );
  });

  for (const transport of ['fetch', 'eventsource'] as const) {
    it(`stream() over ${transport} delivers a call logged after it opened`, async () => {
      const messages: LiveCallMessage[] = [];
      let ready!: () => void;
      const opened = new Promise<void>((resolve) => {
        ready = resolve;
      });
      let arrived!: () => void;
      const delivered = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const options: LiveStreamOptions = {
        transport,
        onState: (state) => state === 'live' && ready(),
        onCall: (message) => {
          messages.push(message);
          if (message.callId === `s-${transport}`) arrived();
        },
      };
      const live = client.stream(options);
      try {
        await opened;
        await client.calls.log(
          event(`s-${transport}`, `s-${transport}-dial`, 'dialing', '2025-10-12T07:00:00Z'),
        );
        await delivered;
        const message = messages.find((m) => m.callId === `s-${transport}`)!;
        check(message.call?.status === 'dialing', `the call is dialing, got ${message.call?.status}`);
        check(live.lastEventId !== null, 'the stream keeps the last event id');
      } finally {
        live.close();
      }
    });
  }
});
