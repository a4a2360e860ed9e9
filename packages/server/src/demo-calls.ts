import type { CallEvent, CallEventName } from '@call-ribbon/contract';
import { seededRandom } from './calls/random.ts';
import { demoReps } from './demo-crm.ts';
import { demoCustomers } from './demo-customers.ts';
import type { CallEventStore } from './stores/index.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** India Standard Time has no daylight saving: a fixed UTC+05:30. */
const IST_OFFSET = 330 * MINUTE;
export const DEMO_CALL_DAYS = 90;

/** Relative weight of each IST hour of the working day (calls per hour peak late morning and mid-afternoon). */
const HOUR_WEIGHTS: readonly [number, number][] = [
  [9, 1],
  [10, 3],
  [11, 4],
  [12, 3],
  [13, 2],
  [14, 3],
  [15, 4],
  [16, 4],
  [17, 3],
  [18, 2],
];
/** Calls on a Sunday..Saturday, before noise. */
const CALLS_PER_WEEKDAY = [6, 52, 56, 50, 54, 46, 20] as const;

const DISPOSITIONS = [
  'Interested',
  'Follow-up scheduled',
  'Payment promised',
  'Issue resolved',
  'Not interested',
  'Call back later',
  'Sent quotation',
] as const;
const NOTES = [
  'Wants a demo for the regional team next week.',
  'Asked about GST invoice for last month, sent by email.',
  'Renewal due on the 15th; confirm pricing with manager.',
  'Customer said: "please call after 4 pm", on leave till Monday.',
  'Escalated delivery delay, ticket raised.',
  'Interested in annual plan, shared brochure on WhatsApp.',
  'Payment of ₹25,000 promised by Friday.',
] as const;

const inboundAgents = demoReps.filter((rep) =>
  ['Inbound', 'Support', 'Billing', 'Customer Success'].includes(rep.team),
);
const outboundAgents = demoReps.filter((rep) => ['Outbound', 'Sales', 'Customer Success'].includes(rep.team));

/**
 * The demo tenant's call events over the 90 days before `now`: Indian customers and numbers,
 * IST business hours, weekdays heavier, inbound and outbound, answered and missed.
 * The same `now` and seed always give the same events.
 */
export const demoCallEvents = (now: Date, seed = 20_251_012): CallEvent[] => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weightedHour = () => {
    const total = HOUR_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [hour, weight] of HOUR_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return hour;
    }
    return 18;
  };
  // Talk time: log-normal around 2.5 minutes, from a few seconds to about 20 minutes.
  const talkSeconds = () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(1200, Math.max(4, Math.round(Math.exp(Math.log(150) + normal))));
  };
  const unknownNumber = () =>
    `+91${pick(['98', '99', '90', '88', '70', '63'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;

  const events: CallEvent[] = [];
  const nowMs = now.getTime();
  const todayIst = Math.floor((nowMs + IST_OFFSET) / DAY) * DAY;
  let serial = 0;
  for (let daysAgo = DEMO_CALL_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const dayIst = todayIst - daysAgo * DAY;
    const weekday = new Date(dayIst).getUTCDay();
    const count = Math.round(CALLS_PER_WEEKDAY[weekday]! * (0.75 + random() * 0.5));
    const starts: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = dayIst - IST_OFFSET + weightedHour() * 60 * MINUTE + Math.floor(random() * 60 * MINUTE);
      if (start < nowMs - 30 * MINUTE) starts.push(start);
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      serial++;
      const callId = `demo-${new Date(dayIst).toISOString().slice(0, 10).replaceAll('-', '')}-${String(serial).padStart(5, '0')}`;
      const direction = random() < 0.45 ? 'inbound' : 'outbound';
      // A few customers call often: the top-customers list has a shape.
      const customer =
        random() < 0.82 ? demoCustomers[Math.floor(demoCustomers.length * random() ** 2)] : undefined;
      const agent = pick(direction === 'inbound' ? inboundAgents : outboundAgents);
      const base = {
        callId,
        direction,
        phoneNumber: customer?.phone ?? unknownNumber(),
        agentId: agent.agentId,
        ...(customer && {
          customerData: {
            customerId: customer.customerId,
            name: customer.name,
            phone: customer.phone,
            company: customer.company,
          },
        }),
      } as const;
      let step = 0;
      const emit = (event: CallEventName, at: number, extra: Partial<CallEvent> = {}) =>
        events.push({
          ...base,
          eventId: `${callId}-${++step}`,
          event,
          timestamp: new Date(at).toISOString(),
          ...extra,
        });

      const answered = random() < (direction === 'inbound' ? 0.8 : 0.62);
      let t = start;
      if (direction === 'outbound') {
        emit('dialing', t);
        t += (2 + Math.floor(random() * 4)) * 1000;
        emit('ringing', t);
      } else emit('incoming', t);
      if (!answered) {
        const roll = random();
        const outcome: CallEventName = roll < 0.7 ? 'missed' : roll < 0.92 ? 'rejected' : 'failed';
        emit(outcome, t + (outcome === 'failed' ? 3 : 15 + Math.floor(random() * 25)) * 1000);
        continue;
      }
      t += (4 + Math.floor(random() * 18)) * 1000;
      emit('connected', t);
      const talk = talkSeconds();
      if (talk > 120 && random() < 0.15) {
        const holdAt = t + Math.floor(talk * 0.4) * 1000;
        emit('hold', holdAt);
        emit('unhold', holdAt + Math.min(90, Math.floor(talk * 0.2)) * 1000);
      }
      emit('callEnded', t + talk * 1000, {
        duration: talk,
        ...(random() < 0.65 && { disposition: pick(DISPOSITIONS) }),
        ...(random() < 0.3 && { notes: pick(NOTES) }),
        metadata: { recordingUrl: `https://recordings.example.com/demo/${callId}.mp3` },
      });
    }
  }
  return events;
};

/** Writes the demo calls through the normal ingestion path, in one transaction. */
export const seedDemoCalls = async (
  callEvents: CallEventStore,
  tenantId: string,
  now: Date,
): Promise<number> => {
  const events = demoCallEvents(now);
  const batches = [];
  for (let i = 0; i < events.length; i += 500) {
    batches.push({ tenantId, events: events.slice(i, i + 500), receivedAt: now });
  }
  await callEvents.append(batches);
  return events.length;
};
