import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import {
  CallEvent,
  CrmLead,
  CrmRep,
  CrmShiftHandover,
  CrmTask,
  InitRequest,
  SaveCustomerRequest,
  StartCallRequest,
  TelephonySettingsRequest,
} from './index.ts';

const event = {
  eventId: 'evt-1',
  event: 'connected',
  callId: 'call-1',
  timestamp: '2025-10-12T09:15:00.000Z',
  direction: 'outbound',
  phoneNumber: '+919876543210',
  agentId: 'agent-1',
  customerData: { customerId: 'CUST001' },
};
const lead = {
  id: 'L-1',
  name: 'Lead',
  status: 'Not Called',
  createdAt: '2025-10-01T10:00:00Z',
  ownerId: 'R-1',
};
const task = {
  id: 'T-1',
  title: 'Call back',
  type: 'Call',
  dueAt: '2025-10-01T10:00:00Z',
  relatedType: 'lead',
  relatedId: 'L-1',
};
const telephony = {
  accountSid: 'acme',
  apiKey: 'key',
  apiToken: 'token',
  callerId: '+918047000000',
  agents: { 'agent-1': { phone: '+919876543210' } },
};

/** Every id that becomes a stored key, as a function putting `id` into a valid request. */
const ID_FIELDS: [string, z.ZodType, (id: string) => unknown][] = [
  ['CallEvent.eventId', CallEvent, (id) => ({ ...event, eventId: id })],
  ['CallEvent.callId', CallEvent, (id) => ({ ...event, callId: id })],
  ['CallEvent.agentId', CallEvent, (id) => ({ ...event, agentId: id })],
  ['CallEvent.customerData.customerId', CallEvent, (id) => ({ ...event, customerData: { customerId: id } })],
  [
    'SaveCustomerRequest.customerData.customerId',
    SaveCustomerRequest,
    (id) => ({ customerData: { customerId: id } }),
  ],
  ['CrmLead.id', CrmLead, (id) => ({ ...lead, id })],
  ['CrmLead.ownerId', CrmLead, (id) => ({ ...lead, ownerId: id })],
  ['CrmTask.relatedId', CrmTask, (id) => ({ ...task, relatedId: id })],
  ['CrmRep.agentId', CrmRep, (id) => ({ id: 'R-1', name: 'Rep', agentId: id })],
  [
    'CrmShiftHandover.handoverBy',
    CrmShiftHandover,
    (id) => ({ id: 'H-1', shift: 'Morning', handoverBy: id, at: '2025-10-01T10:00:00Z' }),
  ],
  ['StartCallRequest.customerId', StartCallRequest, (id) => ({ to: '+919876543210', customerId: id })],
  ['StartCallRequest.agentId', StartCallRequest, (id) => ({ to: '+919876543210', agentId: id })],
  ['InitRequest.agent.id', InitRequest, (id) => ({ agent: { id } })],
  [
    'TelephonySettingsRequest.agents key',
    TelephonySettingsRequest,
    (id) => ({ ...telephony, agents: { [id]: { phone: '+919876543210' } } }),
  ],
];

// A lone high, a lone low, and a low before a high (two surrogates that are not a pair).
const ILL_FORMED = ['\ud800', 'CUST-\udfff', 'id-\udc00\ud83d'];
// Astral characters arrive as surrogate pairs and are well-formed.
const WELL_FORMED = ['CUST-😀', '🇮🇳-42', 'rep-𝒜'];

describe('ids that become stored keys', () => {
  for (const [field, schema, withId] of ID_FIELDS) {
    it(`${field} refuses a lone surrogate and takes astral characters`, () => {
      assert.ok(schema.safeParse(withId('plain-1')).success, `${field}: the valid request must parse`);
      for (const id of ILL_FORMED) {
        const result = schema.safeParse(withId(id));
        assert.equal(result.success, false, `${field} accepted ${JSON.stringify(id)}`);
        // A record key's issue nests the reason inside "Invalid key in record".
        assert.match(JSON.stringify(result.error?.issues), /well-formed Unicode/);
      }
      for (const id of WELL_FORMED) {
        assert.ok(schema.safeParse(withId(id)).success, `${field} refused ${id}`);
      }
    });
  }

  it('two ids differing only in their lone surrogate can no longer both be accepted', () => {
    // Stored as UTF-8, both would become "evt-\ufffd": one id for two events.
    const first = CallEvent.safeParse({ ...event, eventId: 'evt-\ud800' });
    const second = CallEvent.safeParse({ ...event, eventId: 'evt-\udbff' });
    assert.equal(first.success || second.success, false);
  });
});
