import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent, CallEventName } from '@call-ribbon/contract';
import { deriveCall } from './derive.ts';

const base = { callId: 'x', direction: 'inbound' as const, phoneNumber: '+919876543210' };
const at = (seconds: number) => new Date(Date.UTC(2025, 9, 12, 5) + seconds * 1000).toISOString();
const event = (name: CallEventName, seconds: number, extra: Partial<CallEvent> = {}): CallEvent => ({
  ...base,
  eventId: `e-${name}-${seconds}`,
  event: name,
  timestamp: at(seconds),
  ...extra,
});

describe('deriveCall', () => {
  it('applies the status precedence', () => {
    const derive = (...names: CallEventName[]) => deriveCall(names.map((name, i) => event(name, i))).status;
    assert.equal(derive('incoming'), 'incoming');
    assert.equal(derive('dialing', 'ringing'), 'ringing');
    assert.equal(derive('incoming', 'connected', 'hold'), 'on-hold');
    assert.equal(derive('incoming', 'connected', 'hold', 'unhold'), 'connected');
    assert.equal(derive('incoming', 'connected', 'failed'), 'completed');
    assert.equal(derive('incoming', 'missed'), 'missed');
    assert.equal(derive('incoming', 'callEnded'), 'missed');
    assert.equal(derive('incoming', 'rejected', 'callEnded'), 'rejected');
    assert.equal(derive('dialing', 'failed'), 'failed');
  });

  it('prefers the browser’s exact answer and talk time to Passthru’s, which include the ring', () => {
    const ring = { metadata: { talkTimeIncludesRing: true } };
    const call = deriveCall([
      event('incoming', 0),
      // Passthru after Connect: DialCallDuration 70 s, ring included, ending at its CurrentTime.
      event('connected', 10, { ...ring, eventId: 'exotel:connected' }),
      event('callEnded', 80, { ...ring, eventId: 'exotel:callEnded', duration: 70 }),
      // The agent's ribbon: answered at 18 s, hung up at 78 s.
      event('connected', 18, { eventId: 'webrtc:connected' }),
      event('callEnded', 78, { eventId: 'webrtc:callEnded', duration: 60 }),
    ]);
    assert.equal(call.duration, 60);
    assert.equal(call.answerMs, Date.parse(at(18)));
    assert.equal(call.endMs, Date.parse(at(80)));
    assert.equal(call.status, 'completed');
    // Passthru alone: its figures stand.
    const alone = deriveCall([
      event('incoming', 0),
      event('connected', 10, ring),
      event('callEnded', 80, { ...ring, duration: 70 }),
    ]);
    assert.equal(alone.duration, 70);
  });

  it('takes talk time from end - answer when callEnded has no duration', () => {
    const call = deriveCall([event('incoming', 0), event('connected', 5), event('callEnded', 130)]);
    assert.equal(call.duration, 125);
    assert.equal(call.endMs, Date.parse(at(130)));
  });
});

describe('deriveCall with a wrap-up', () => {
  const answered = () => [
    event('dialing', 0),
    event('connected', 5),
    event('callEnded', 65, { duration: 60 }),
  ];

  it('the call is ended by its callEnded; the wrap-up adds the disposition and notes and moves nothing else', () => {
    const before = deriveCall(answered());
    assert.equal(before.status, 'completed');
    assert.equal(before.disposition, null);
    const after = deriveCall([
      ...answered(),
      event('wrapUp', 200, { disposition: 'Call back', notes: 'Wants a quote', duration: 60 }),
    ]);
    assert.equal(after.status, 'completed');
    assert.equal(after.ended, true);
    assert.equal(after.disposition, 'Call back');
    assert.equal(after.notes, 'Wants a quote');
    assert.equal(after.startMs, before.startMs);
    assert.equal(after.answerMs, before.answerMs);
    assert.equal(after.endMs, before.endMs, 'the end is the hang-up, not the wrap-up');
    assert.equal(after.duration, 60);
    assert.equal(after.lastEventMs, Date.parse(at(200)));
  });

  it('whatever order the events arrive in', () => {
    const events = [...answered(), event('wrapUp', 200, { disposition: 'Resolved' })];
    assert.deepEqual(deriveCall([...events].reverse()), deriveCall(events));
  });

  it('a later wrap-up of the same call replaces the disposition; one without notes keeps the earlier notes', () => {
    const call = deriveCall([
      ...answered(),
      event('wrapUp', 200, { disposition: 'Call back', notes: 'first' }),
      event('wrapUp', 300, { disposition: 'Resolved' }),
    ]);
    assert.equal(call.disposition, 'Resolved');
    assert.equal(call.notes, 'first');
  });

  it('a missed call keeps its status when the host sends a wrap-up for it', () => {
    const call = deriveCall([
      event('incoming', 0),
      event('missed', 20),
      event('wrapUp', 90, { notes: 'call them back' }),
    ]);
    assert.equal(call.status, 'missed');
    assert.equal(call.endMs, Date.parse(at(20)));
    assert.equal(call.duration, 0);
  });

  it('a wrap-up that arrives before the callEnded still ends the call, with the talk time it carries', () => {
    const call = deriveCall([
      event('dialing', 0),
      event('connected', 5),
      event('wrapUp', 200, { disposition: 'Interested', duration: 60 }),
    ]);
    assert.equal(call.ended, true, 'never listed as a live call');
    assert.equal(call.status, 'completed');
    assert.equal(call.duration, 60);
    assert.equal(call.endMs, Date.parse(at(200)));
  });

  it('a wrap-up alone is an ended call of its number and direction', () => {
    const call = deriveCall([event('wrapUp', 200, { disposition: 'Voicemail' })]);
    assert.equal(call.ended, true);
    assert.equal(call.status, 'missed');
    assert.equal(call.phoneNumber, base.phoneNumber);
    assert.equal(call.disposition, 'Voicemail');
  });
});
