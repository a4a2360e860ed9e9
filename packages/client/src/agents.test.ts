// The agents' presence methods against the real server app (see fixtures/app.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentListResponse, AgentPresenceResponse } from '@call-ribbon/contract';
import { startApp } from './fixtures/app.ts';
import { BadRequestError } from './index.ts';

describe('agents', () => {
  it('setPresence() registers an agent and list() shows them, offline once the ribbon is silent', async () => {
    const now = new Date('2025-10-12T12:00:00Z');
    const { client, setNow } = await startApp(now);
    const set = AgentPresenceResponse.parse(
      await client.agents.setPresence('agent 7/priya', { status: 'available', name: 'Priya' }),
    );
    assert.deepEqual(
      [set.agent.agentId, set.agent.status, set.agent.name],
      ['agent 7/priya', 'available', 'Priya'],
    );

    await client.agents.setPresence('agent-ravi', { status: 'away' });
    const listed = AgentListResponse.parse(await client.agents.list());
    assert.deepEqual(
      listed.agents.map((agent) => [agent.agentId, agent.status]),
      [
        ['agent 7/priya', 'available'],
        ['agent-ravi', 'away'],
      ],
    );

    setNow(new Date(now.getTime() + (listed.offlineAfterSeconds + 1) * 1000));
    const later = AgentListResponse.parse(await client.agents.list());
    assert.deepEqual(
      later.agents.map((agent) => agent.status),
      ['offline', 'offline'],
    );
  });

  it('setPresence() with a status the server does not know is a BadRequestError', async () => {
    const { client } = await startApp();
    await assert.rejects(
      client.agents.setPresence('agent-7', { status: 'asleep' as 'away' }),
      (error) => error instanceof BadRequestError && /status/.test(error.message),
    );
  });
});
