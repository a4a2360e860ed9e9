import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ErrorBody, StartCallResponse, TelephonySettingsResponse } from '@call-ribbon/contract';
import Database from 'better-sqlite3';
import { createApp } from '../app.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { migrations } from '../engines/sqlite/migrations/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';
import { EXOTEL_ACCOUNT, exotelApp, TEST_PUBLIC_URL, TEST_SECRETS_KEY } from '../test-support/exotel-app.ts';
import { sqliteOnly } from '../test-support/tenants.ts';
import { reconcileOverdueCalls } from './click-to-call.ts';
import { safeRecordingUrl } from './exotel-callback.ts';
import { openSecrets, SecretsUnreadableError, sealSecrets, secretsKeyFromHex } from './secrets.ts';

const CUSTOMER = { to: '+919876543210', agentId: 'agent-priya' };

/** The callback secret the server gave Exotel with the `index`th call. */
const secretSentWith = (fake: { requests: { form: Record<string, string> }[] }, index: number) =>
  fake.requests
    .filter((request) => request.form.StatusCallback)
    [index]!.form.StatusCallback!.split('/')
    .pop()!;

const forgedCompletedCallback = (callSid: string, recordingUrl: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    CallSid: callSid,
    Status: 'completed',
    EventType: 'terminal',
    EndTime: '2025-10-13 10:31:00',
    ConversationDuration: 60,
    RecordingUrl: recordingUrl,
  }),
});

describe('callback addresses never come from the request', () => {
  it('gives Exotel PUBLIC_URL whatever Host or X-Forwarded-Host the caller sends', async () => {
    const { configure, dial, tenant, fake } = await exotelApp();
    await configure(tenant.id);
    const response = await dial(CUSTOMER, {
      url: 'http://attacker.example/api/ribbon/calls',
      headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' },
    });
    assert.equal(response.status, 201);
    const [connect] = fake.requests;
    assert.ok(connect?.form.StatusCallback?.startsWith(`${TEST_PUBLIC_URL}/api/webhooks/exotel/`));
    assert.doesNotMatch(JSON.stringify(fake.requests), /attacker/);
  });

  it('refuses click-to-call with a clear 409 without PUBLIC_URL, asking Exotel nothing', async () => {
    const { configure, dial, tenant, fake, callLog, app } = await exotelApp({ publicUrl: null });
    await configure(tenant.id);
    const refused = await dial(CUSTOMER);
    assert.equal(refused.status, 409);
    const body = ErrorBody.parse(await refused.json());
    assert.equal(body.code, 409);
    assert.match(body.message, /PUBLIC_URL/);
    assert.equal(fake.requests.length, 0);
    assert.equal((await callLog()).pagination.total, 0);
    const usage = await app.request('/api/ribbon/config', { headers: { 'x-api-key': 'tenant-key' } });
    assert.equal(((await usage.json()) as { usage: { callsThisMonth: number } }).usage.callsThisMonth, 0);
  });
});

describe('the monthly limit is exact', () => {
  it('places exactly 5 of 40 concurrent calls against a limit of 5, over two instances', async () => {
    const { configure, dial, tenant, fake, callLog, close } = await exotelApp({
      monthlyCallLimit: 5,
      instances: 2,
    });
    await configure(tenant.id);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        dial({ to: `+9198765${String(index).padStart(5, '0')}` }, { instance: index % 2 }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 201).length, 5);
    assert.equal(statuses.filter((status) => status === 429).length, 35);
    assert.equal(fake.callSids.length, 5);
    assert.equal((await callLog()).pagination.total, 5);
    const refused = responses.find((response) => response.status === 429)!;
    assert.match(ErrorBody.parse(await refused.json()).message, /monthly limit of 5/);
    await close();
  });

  it('gives the slot back when Exotel refuses the call', async () => {
    const { configure, dial, tenant, fake } = await exotelApp({ monthlyCallLimit: 1 });
    await configure(tenant.id, { apiToken: 'stale-token' });
    assert.equal((await dial(CUSTOMER)).status, 502);
    await configure(tenant.id);
    assert.equal((await dial(CUSTOMER)).status, 201);
    assert.equal((await dial(CUSTOMER)).status, 429);
    assert.equal(fake.callSids.length, 1);
  });
});

describe('the webhook secret rotates', () => {
  it('on its own admin endpoint: the old address is refused, new calls get the new one', async () => {
    const { configure, dial, admin, tenant, other, fake, app, callLog } = await exotelApp();
    await configure(tenant.id);
    const first = StartCallResponse.parse(await (await dial(CUSTOMER)).json());
    const oldSecret = secretSentWith(fake, 0);

    const rotated = await admin(`/clients/${tenant.id}/rotate-webhook-secret`);
    assert.equal(rotated.status, 200);
    const text = await rotated.text();
    assert.equal(TelephonySettingsResponse.parse(JSON.parse(text)).telephony.accountSid, 'acme1');
    assert.doesNotMatch(text, new RegExp(`${oldSecret}|exo-key|exo-token`));

    const forged = await app.request(
      `/api/webhooks/exotel/${oldSecret}`,
      forgedCompletedCallback(first.providerCallSid!, 'https://recordings.exotel.example/x.mp3'),
    );
    assert.equal(forged.status, 404);
    assert.equal(ErrorBody.parse(await forged.json()).code, 404);
    assert.equal((await callLog()).logs[0]?.status, 'dialing');

    const second = StartCallResponse.parse(await (await dial(CUSTOMER)).json());
    const newSecret = secretSentWith(fake, 1);
    assert.notEqual(newSecret, oldSecret);
    fake.answerAgent(second.providerCallSid!);
    const accepted = await fake.sendCallback(second.providerCallSid!, 'answered');
    assert.equal(accepted?.status, 200);

    assert.equal((await admin(`/clients/${other.id}/rotate-webhook-secret`)).status, 404);
    assert.equal((await admin('/clients/nobody/rotate-webhook-secret')).status, 404);
    const anonymous = await app.request(`/api/admin/clients/${tenant.id}/rotate-webhook-secret`, {
      method: 'POST',
    });
    assert.equal(anonymous.status, 401);
  });

  it('with rotate-key', async () => {
    const { configure, dial, admin, tenant, fake, app } = await exotelApp();
    await configure(tenant.id);
    const started = StartCallResponse.parse(await (await dial(CUSTOMER)).json());
    const oldSecret = secretSentWith(fake, 0);
    const rotated = await admin(`/clients/${tenant.id}/rotate-key`);
    assert.equal(rotated.status, 200);
    const refused = await app.request(
      `/api/webhooks/exotel/${oldSecret}`,
      forgedCompletedCallback(started.providerCallSid!, 'https://recordings.exotel.example/x.mp3'),
    );
    assert.equal(refused.status, 404);
    const { apiKey } = (await rotated.json()) as { apiKey: string };
    assert.equal((await dial(CUSTOMER, { key: apiKey })).status, 201);
    assert.notEqual(secretSentWith(fake, 1), oldSecret);
  });
});

describe('recording links', () => {
  it('are kept only when https: or http:', () => {
    assert.equal(
      safeRecordingUrl('https://recordings.exotel.example/a.mp3'),
      'https://recordings.exotel.example/a.mp3',
    );
    assert.equal(safeRecordingUrl(' http://rec.example/b.mp3 '), 'http://rec.example/b.mp3');
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<b>x',
      '/relative.mp3',
      'ftp://x/y',
      42,
      null,
    ]) {
      assert.equal(safeRecordingUrl(bad), null, String(bad));
    }
  });

  it('that are not http(s) never reach the call log from a callback', async () => {
    const { configure, dial, tenant, fake, app, callLog } = await exotelApp();
    await configure(tenant.id);
    const started = StartCallResponse.parse(await (await dial(CUSTOMER)).json());
    const secret = secretSentWith(fake, 0);
    const response = await app.request(
      `/api/webhooks/exotel/${secret}`,
      forgedCompletedCallback(started.providerCallSid!, 'javascript:alert(document.cookie)'),
    );
    assert.equal(response.status, 200);
    const [call] = (await callLog()).logs;
    assert.equal(call?.status, 'completed');
    assert.equal(call?.recordingUrl, null);
  });
});

describe('Exotel credentials at rest', () => {
  it('are sealed: neither key nor token is in the SQLite file, and calls still go through', {
    skip: sqliteOnly,
  }, async () => {
    const { configure, dial, tenant, fake, databasePath, close } = await exotelApp({ sqliteFile: true });
    assert.equal((await configure(tenant.id)).status, 200);
    assert.equal((await dial(CUSTOMER)).status, 201);
    assert.match(fake.requests[0]!.authorization ?? '', /^Basic /);
    const bytes = Buffer.concat(
      [databasePath!, `${databasePath}-wal`].flatMap((path) => {
        try {
          return [readFileSync(path)];
        } catch {
          return [];
        }
      }),
    );
    assert.ok(bytes.includes(Buffer.from('08047112233')), 'the file holds the settings');
    assert.equal(bytes.includes(Buffer.from(EXOTEL_ACCOUNT.apiKey)), false);
    assert.equal(bytes.includes(Buffer.from(EXOTEL_ACCOUNT.apiToken)), false);
    await close();
  });

  it('are stored as sealed text on every engine', async () => {
    const { configure, tenant, app } = await exotelApp();
    await configure(tenant.id);
    const stored = JSON.stringify(await app.deps.stores.telephony.get(tenant.id));
    assert.doesNotMatch(stored, new RegExp(`${EXOTEL_ACCOUNT.apiKey}|${EXOTEL_ACCOUNT.apiToken}`));
  });

  it('are refused without SECRETS_KEY, with a 409 that says so, storing nothing', async () => {
    const { configure, tenant, app } = await exotelApp({ secretsKey: null });
    const refused = await configure(tenant.id);
    assert.equal(refused.status, 409);
    const body = ErrorBody.parse(await refused.json());
    assert.equal(body.code, 409);
    assert.match(body.message, /SECRETS_KEY/);
    assert.equal(await app.deps.stores.telephony.get(tenant.id), undefined);
  });

  it('saved in clear before encryption are wiped by the upgrade, and must be saved again', {
    skip: sqliteOnly,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-upgrade-'));
    const path = join(dir, 'v7.sqlite');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    for (const migration of migrations.slice(0, 7)) old.exec(migration.up);
    old.pragma('user_version = 7');
    old.exec(`INSERT INTO tenants (id, name, api_key_hash, created_at) VALUES ('acme', 'Acme', 'hash', '2025-10-01');
      INSERT INTO telephony_settings (tenant_id, provider, account_sid, api_key, api_token, host, caller_id,
        callback_secret, agents, record, updated_at)
      VALUES ('acme', 'exotel', 'acme1', 'clear-key-7f3a9c', 'clear-token-5be21d', 'api.exotel.com', '08047112233',
        'old-secret-0123456789', '{"agent-priya":{"phone":"+919812345678"}}', 0, '2025-10-01')`);
    old.close();

    const db = openDatabase(path);
    const app = createApp({
      engine: sqliteEngine(db),
      adminToken: 'admin-secret',
      publicUrl: TEST_PUBLIC_URL,
      secretsKey: TEST_SECRETS_KEY,
    });
    const settings = await app.deps.stores.telephony.get('acme');
    assert.equal(settings?.callerId, '08047112233');
    assert.equal(settings?.sealedCredentials, '');
    const apiKey = await app.deps.stores.tenants.rotateKey('acme');
    const refused = await app.request('/api/ribbon/calls', {
      method: 'POST',
      headers: { 'x-api-key': apiKey!, 'content-type': 'application/json' },
      body: JSON.stringify(CUSTOMER),
    });
    assert.equal(refused.status, 409);
    assert.match(ErrorBody.parse(await refused.json()).message, /saved before they were encrypted/);
    const saved = await app.request('/api/admin/clients/acme/telephony', {
      method: 'PUT',
      headers: { authorization: 'Bearer admin-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ ...EXOTEL_ACCOUNT, callerId: '08047112233' }),
    });
    assert.equal(saved.status, 200);
    assert.match((await app.deps.stores.telephony.get('acme'))!.sealedCredentials, /^v1\./);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(path);
    assert.equal(bytes.includes(Buffer.from('clear-key-7f3a9c')), false);
    assert.equal(bytes.includes(Buffer.from('clear-token-5be21d')), false);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('open only with the same key and tenant', () => {
    const key = secretsKeyFromHex('11'.repeat(32));
    const sealed = sealSecrets(key, 'acme', { apiKey: 'k', apiToken: 't' });
    assert.notEqual(sealed, sealSecrets(key, 'acme', { apiKey: 'k', apiToken: 't' }), 'a fresh IV each time');
    assert.deepEqual(openSecrets(key, 'acme', sealed), { apiKey: 'k', apiToken: 't' });
    assert.throws(
      () => openSecrets(secretsKeyFromHex('22'.repeat(32)), 'acme', sealed),
      SecretsUnreadableError,
    );
    assert.throws(() => openSecrets(key, 'globex', sealed), SecretsUnreadableError);
    assert.throws(() => openSecrets(key, 'acme', `${sealed.slice(0, -2)}AA`), SecretsUnreadableError);
    assert.throws(() => secretsKeyFromHex('abc'), /64 hex characters/);
  });
});

describe('reconciliation across instances', () => {
  it('checks each overdue call once when two instances sweep at the same moment', async () => {
    const { configure, dial, tenant, fake, apps, advance, callLog, close } = await exotelApp({
      instances: 2,
    });
    await configure(tenant.id);
    for (let index = 0; index < 3; index++) {
      const started = StartCallResponse.parse(await (await dial(CUSTOMER, { instance: index % 2 })).json());
      fake.answerAgent(started.providerCallSid!);
      fake.answerCustomer(started.providerCallSid!);
      fake.end(started.providerCallSid!, { status: 'completed', talkSeconds: 30 });
    }
    advance(700);
    const results = await Promise.all(
      apps.map((app) => reconcileOverdueCalls(app.deps.telephony, { overdueAfterMs: 600_000 })),
    );
    assert.equal(results[0]!.checked + results[1]!.checked, 3);
    assert.equal(results[0]!.completed + results[1]!.completed, 3);
    assert.equal(fake.requests.filter((request) => request.method === 'GET').length, 3);
    const { logs } = await callLog();
    assert.deepEqual(
      logs.map((call) => call.status),
      ['completed', 'completed', 'completed'],
    );
    await close();
  });
});
