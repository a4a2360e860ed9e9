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

  it('takes talk time from end - answer when callEnded has no duration', () => {
    const call = deriveCall([event('incoming', 0), event('connected', 5), event('callEnded', 130)]);
    assert.equal(call.duration, 125);
    assert.equal(call.endMs, Date.parse(at(130)));
  });
});
