import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from '../config.ts';
import { type RunningServer, startServer } from '../server.ts';
import { EXOTEL_ACCOUNT, TEST_SECRETS_KEY } from '../test-support/exotel-app.ts';
import { FakeExotel } from './fake-exotel.ts';

/** A POST over real HTTP with headers fetch would not send as given (a forged Host). */
const post = (url: string, path: string, headers: Record<string, string>, body: unknown) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest(
      { hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

describe('a server process and a fake Exotel in its own HTTP server (EXOTEL_API_URL)', () => {
  const fake = new FakeExotel({ account: EXOTEL_ACCOUNT });
  let fakeServer: ReturnType<typeof serve>;
  let fakeUrl: string;
  const running: RunningServer[] = [];

  before(async () => {
    fakeServer = await new Promise((resolve) => {
      const listening = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(listening),
      );
    });
    fakeUrl = `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    await Promise.all(running.map((server) => server.close()));
    await new Promise((resolve) => fakeServer.close(resolve));
  });

  const start = async (env: Record<string, string>) => {
    const server = await startServer({
      ...readConfig({
        SECRETS_KEY: TEST_SECRETS_KEY,
        EXOTEL_API_URL: fakeUrl,
        ADMIN_TOKEN: 'admin-secret',
        SEED_DEMO: '0',
        DATABASE_PATH: ':memory:',
        PORT: '0',
        ...env,
      }),
    });
    running.push(server);
    const admin = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/admin/clients`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Acme Collections' }),
    });
    const { client, apiKey } = (await created.json()) as { client: { id: string }; apiKey: string };
    const configured = await fetch(`${server.url}/api/admin/clients/${client.id}/telephony`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        ...EXOTEL_ACCOUNT,
        callerId: '08047112233',
        agents: { 'agent-priya': { phone: '+919812345678' } },
      }),
    });
    assert.equal(configured.status, 200);
    return { server, apiKey };
  };

  it('a loopback server without PUBLIC_URL gives Exotel its own address, never a forged Host', async () => {
    const { server, apiKey } = await start({ HOST: '127.0.0.1' });
    const placed = await post(
      server.url,
      '/api/ribbon/calls',
      { host: 'attacker.example', 'x-api-key': apiKey, 'content-type': 'application/json' },
      { to: '+919876543210' },
    );
    assert.equal(placed.status, 201, placed.body);
    const connect = fake.requests.at(-1)!;
    assert.equal(connect.path, `/v1/Accounts/${EXOTEL_ACCOUNT.accountSid}/Calls/connect.json`);
    assert.ok(connect.form.StatusCallback?.startsWith(`${server.url}/api/webhooks/exotel/`));
    assert.doesNotMatch(connect.form.StatusCallback ?? '', /attacker/);

    // Exotel's callback travels over real HTTP back to the server.
    const sid = fake.callSids.at(-1)!;
    fake.answerAgent(sid);
    const callback = await fake.sendCallback(sid, 'answered');
    assert.equal(callback?.status, 200);
    const logs = await fetch(`${server.url}/api/ribbon/call-logs`, { headers: { 'x-api-key': apiKey } });
    assert.equal(((await logs.json()) as { logs: { status: string }[] }).logs[0]?.status, 'ringing');
  });

  it('a server on every interface without PUBLIC_URL refuses click-to-call with 409', async () => {
    const { server, apiKey } = await start({ HOST: '0.0.0.0' });
    const before = fake.requests.length;
    const refused = await post(
      server.url,
      '/api/ribbon/calls',
      { 'x-api-key': apiKey, 'content-type': 'application/json' },
      { to: '+919876543210' },
    );
    assert.equal(refused.status, 409);
    assert.match((JSON.parse(refused.body) as { message: string }).message, /PUBLIC_URL/);
    assert.equal(fake.requests.length, before);
  });
});

describe('telephony settings from the environment', () => {
  it('reject a SECRETS_KEY that is not 64 hex characters, saying how to make one', () => {
    assert.throws(() => readConfig({ SECRETS_KEY: 'abc' }), ConfigError);
    assert.throws(
      () => readConfig({ SECRETS_KEY: 'z'.repeat(64) }),
      /64 hex characters.*openssl rand -hex 32/,
    );
    assert.equal(readConfig({ SECRETS_KEY: TEST_SECRETS_KEY }).secretsKey, TEST_SECRETS_KEY);
  });

  it('read EXOTEL_API_URL and STALE_CALL_SECONDS, refusing bad values', () => {
    assert.equal(
      readConfig({ EXOTEL_API_URL: 'https://sandbox.exotel.example/' }).exotelApiUrl,
      'https://sandbox.exotel.example',
    );
    assert.throws(() => readConfig({ EXOTEL_API_URL: 'api.exotel.com' }), /EXOTEL_API_URL must be an http/);
    assert.equal(readConfig({ STALE_CALL_SECONDS: '900' }).staleCallSeconds, 900);
    assert.throws(() => readConfig({ STALE_CALL_SECONDS: '5' }), /STALE_CALL_SECONDS.*at least 60/);
  });
});
