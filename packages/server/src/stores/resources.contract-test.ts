import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Stores } from './index.ts';

/**
 * The behaviour every engine's resource stores (tenants, customers, sessions, telephony, CRM
 * records) must show, written against the interfaces alone: an engine's test file calls
 * `resourceStoresContract` with a factory that opens fresh, empty stores.
 */
export type ResourceStores = Pick<Stores, 'tenants' | 'customers' | 'sessions' | 'telephony' | 'crm'>;

const NOW = new Date('2025-10-20T12:00:00Z');
const LATER = new Date('2025-10-21T08:30:00Z');

const exotel = {
  provider: 'exotel' as const,
  accountSid: 'acme1',
  host: 'api.exotel.com',
  /** Sealed by the caller (src/telephony/secrets.ts): opaque text to the store. */
  sealedCredentials: 'v1.iv.tag.sealed-key-and-token',
  callerId: '08047112233',
  agents: { 'agent-priya': { phone: '+919812345678' } },
  record: true,
};

export const resourceStoresContract = (engine: string, open: () => Promise<ResourceStores>) => {
  describe(`${engine}: tenants`, () => {
    it('names a tenant by its key, lists tenants, and forgets a rotated key at once', async () => {
      const { tenants } = await open();
      const { tenant, apiKey } = await tenants.create(
        { name: 'Acme', allowedOrigins: ['https://crm.acme.example'] },
        NOW,
      );
      assert.equal(tenant.timezone, 'Asia/Kolkata');
      assert.deepEqual(tenant.allowedOrigins, ['https://crm.acme.example']);
      assert.equal((await tenants.byApiKey(apiKey))?.id, tenant.id);
      assert.equal(await tenants.byApiKey(`${apiKey}x`), undefined);
      const { tenant: other } = await tenants.create(
        { id: 'globex', name: 'Globex', apiKey: 'chosen-key' },
        NOW,
      );
      assert.equal((await tenants.byApiKey('chosen-key'))?.id, 'globex');
      assert.deepEqual(
        (await tenants.list()).map((t) => t.id),
        [tenant.id, other.id],
      );

      const rotated = await tenants.rotateKey(tenant.id);
      assert.ok(rotated && rotated !== apiKey);
      assert.equal(await tenants.byApiKey(apiKey), undefined);
      assert.equal((await tenants.byApiKey(rotated))?.id, tenant.id);
      assert.equal(await tenants.rotateKey('nobody'), undefined);
    });

    it('applies changes, merging widget settings, and answers which origins any tenant allows', async () => {
      const { tenants } = await open();
      const { tenant } = await tenants.create({ id: 'acme', name: 'Acme', widget: { position: 'top' } }, NOW);
      assert.equal(await tenants.anyAllowsOrigin('https://crm.acme.example'), false);
      assert.equal(
        await tenants.update(tenant.id, {
          timezone: 'Europe/London',
          allowedOrigins: ['https://crm.acme.example'],
          widget: { wrapUp: false },
        }),
        true,
      );
      const changed = await tenants.get(tenant.id);
      assert.equal(changed?.name, 'Acme');
      assert.equal(changed?.timezone, 'Europe/London');
      assert.equal(changed?.widget.position, 'top');
      assert.equal(changed?.widget.wrapUp, false);
      assert.equal(await tenants.anyAllowsOrigin('https://crm.acme.example'), true);
      assert.equal(await tenants.anyAllowsOrigin('https://elsewhere.example'), false);
      assert.equal(await tenants.update('nobody', { name: 'X' }), false);
    });
  });

  describe(`${engine}: customers`, () => {
    it('replaces a whole record on save and finds it by any spelling of its number, in its tenant only', async () => {
      const { tenants, customers } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      await tenants.create({ id: 'b', name: 'B' }, NOW);
      const saved = await customers.save(
        'a',
        { customerId: 'CUST001', name: 'Rajesh Kumar', phone: '098765 43210', company: 'Kumar Traders' },
        NOW,
        '+91',
      );
      assert.equal(saved.phoneE164, '+919876543210');
      assert.equal(saved.createdAt, NOW.toISOString());
      assert.deepEqual(
        (await customers.findByPhone('a', '+91 98765-43210', '+91')).map((c) => c.customerId),
        ['CUST001'],
      );
      assert.deepEqual(await customers.findByPhone('b', '+919876543210', '+91'), []);
      assert.equal(await customers.get('b', 'CUST001'), undefined);

      const replaced = await customers.save('a', { customerId: 'CUST001', name: 'Rajesh K.' }, LATER, '+91');
      assert.equal(replaced.company, null);
      assert.equal(replaced.phone, null);
      assert.equal(replaced.createdAt, NOW.toISOString());
      assert.equal(replaced.updatedAt, LATER.toISOString());
      assert.equal(await customers.count('a'), 1);
      assert.equal(await customers.count('b'), 0);
    });
  });

  describe(`${engine}: sessions`, () => {
    it('opens sessions and lists the newest first, per tenant', async () => {
      const { tenants, sessions } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      await tenants.create({ id: 'b', name: 'B' }, NOW);
      const first = await sessions.open('a', { agentId: 'agent-7', agentName: 'Priya' }, NOW);
      const second = await sessions.open('a', { sdkVersion: '1.0.0' }, LATER);
      assert.equal(first.agentName, 'Priya');
      assert.equal(second.agentId, null);
      assert.deepEqual((await sessions.get('a', first.id))?.agentId, 'agent-7');
      assert.equal(await sessions.get('b', first.id), undefined);
      assert.deepEqual(
        (await sessions.recent('a')).map((s) => s.id),
        [second.id, first.id],
      );
      assert.deepEqual(await sessions.recent('b'), []);
    });
  });

  describe(`${engine}: telephony`, () => {
    it('keeps the callback secret across updates and shows browsers no credentials', async () => {
      const { tenants, telephony } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      assert.deepEqual(await telephony.publicView('a'), { provider: 'simulator', callerId: null });
      const saved = await telephony.set('a', exotel, NOW);
      assert.ok(saved.callbackSecret.length >= 16);
      const updated = await telephony.set('a', { ...exotel, callerId: '08047110000' }, LATER);
      assert.equal(updated.callbackSecret, saved.callbackSecret);
      assert.equal((await telephony.bySecret(saved.callbackSecret))?.tenantId, 'a');
      assert.equal(await telephony.bySecret('guess'), undefined);
      assert.deepEqual(await telephony.publicView('a'), { provider: 'exotel', callerId: '08047110000' });
      assert.equal(await telephony.remove('a'), true);
      assert.equal(await telephony.get('a'), undefined);
      assert.equal(await telephony.remove('a'), false);
    });

    it('replaces the callback secret on rotation and forgets the old one at once', async () => {
      const { tenants, telephony } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      assert.equal(await telephony.rotateCallbackSecret('a', NOW), undefined);
      const saved = await telephony.set('a', exotel, NOW);
      assert.equal(saved.sealedCredentials, exotel.sealedCredentials);
      const rotated = await telephony.rotateCallbackSecret('a', LATER);
      assert.ok(rotated && rotated.length >= 16 && rotated !== saved.callbackSecret);
      assert.equal(await telephony.bySecret(saved.callbackSecret), undefined);
      assert.equal((await telephony.bySecret(rotated))?.tenantId, 'a');
      assert.equal((await telephony.get('a'))?.callbackSecret, rotated);
    });

    it('follows placed calls until their terminal callback, and claims each overdue one once', async () => {
      const { tenants, telephony } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      await telephony.recordPlacedCall('a', 'sid-1', 'call-1', NOW);
      await telephony.recordPlacedCall('a', 'sid-2', 'call-2', NOW);
      await telephony.recordPlacedCall('a', 'sid-3', 'call-3', NOW);
      assert.equal(await telephony.callIdFor('a', 'sid-1'), 'call-1');
      assert.equal(await telephony.providerCallSidFor('a', 'call-2'), 'sid-2');
      await telephony.markTerminal('a', 'sid-1', LATER);
      // Two sweeps at the same moment split the overdue calls between them.
      const [first, second] = await Promise.all([
        telephony.claimOverdue(LATER, LATER, LATER, 1),
        telephony.claimOverdue(LATER, LATER, LATER, 5),
      ]);
      assert.deepEqual([...first!, ...second!].map((call) => call.callId).sort(), ['call-2', 'call-3']);
      assert.deepEqual(await telephony.claimOverdue(LATER, NOW, LATER), []);
      // Checked long enough ago: due again.
      const again = await telephony.claimOverdue(LATER, new Date(LATER.getTime() + 1), LATER);
      assert.deepEqual(
        again.map((call) => call.providerCallSid),
        ['sid-2', 'sid-3'],
      );
    });

    it('takes call slots up to the limit, never past it, and gives them back', async () => {
      const { tenants, telephony } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      await tenants.create({ id: 'b', name: 'B' }, NOW);
      const month = Date.parse('2025-10-31T18:30:00Z');
      const taken = await Promise.all(
        Array.from({ length: 12 }, () => telephony.reserveCallSlot('a', month, 5, 0)),
      );
      assert.equal(taken.filter(Boolean).length, 5);
      assert.equal(await telephony.callSlotsTaken('a', month), 5);
      assert.equal(await telephony.callSlotsTaken('b', month), 0);
      await telephony.releaseCallSlot('a', month);
      assert.equal(await telephony.reserveCallSlot('a', month, 5, 0), true);
      // Calls counted elsewhere (logged by the ribbon) count against the limit too.
      assert.equal(await telephony.reserveCallSlot('b', month, 5, 5), false);
      assert.equal(await telephony.reserveCallSlot('b', month, 5, 3), true);
      assert.equal(await telephony.callSlotsTaken('b', month), 4);
      assert.equal(await telephony.reserveCallSlot('b', month + 1, 5, 0), true);
    });
  });

  describe(`${engine}: CRM records`, () => {
    it('upserts records, counts creations, pages them and deletes one', async () => {
      const { tenants, crm } = await open();
      await tenants.create({ id: 'a', name: 'A' }, NOW);
      const leads = [1, 2, 3].map((n) => ({ id: `L-${n}`, name: `Lead ${n}`, status: 'Not Called' }));
      assert.deepEqual(await crm.upsert('a', 'leads', leads, NOW), { created: 3, updated: 0 });
      assert.deepEqual(await crm.upsert('a', 'leads', [{ ...leads[0]!, status: 'Interested' }], LATER), {
        created: 0,
        updated: 1,
      });
      assert.equal((await crm.get('a', 'leads', 'L-1'))?.status, 'Interested');
      const page = await crm.list('a', 'leads', 2, 2);
      assert.equal(page.total, 3);
      assert.equal(page.records.length, 1);
      assert.equal(await crm.delete('a', 'leads', 'L-2'), true);
      assert.equal(await crm.delete('a', 'leads', 'L-2'), false);
      assert.equal((await crm.list('a', 'leads', 1, 10)).total, 2);
      assert.equal(await crm.homeState('a'), 'Maharashtra');
      await crm.setHomeState('a', 'Karnataka');
      assert.equal(await crm.homeState('a'), 'Karnataka');
    });
  });
};
