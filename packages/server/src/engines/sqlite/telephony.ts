import { randomBytes } from 'node:crypto';
import type { AgentLine, TelephonySettings, TelephonyStore } from '../../stores/telephony.ts';
import type { Db } from './open.ts';

interface SettingsRow {
  tenant_id: string;
  provider: 'exotel' | 'exotel-webrtc';
  account_sid: string;
  api_key: string;
  api_token: string;
  host: string;
  caller_id: string;
  callback_secret: string;
  agents: string;
  record: number;
}

const toSettings = (row: SettingsRow): TelephonySettings => ({
  provider: row.provider,
  credentials: { accountSid: row.account_sid, apiKey: row.api_key, apiToken: row.api_token, host: row.host },
  callerId: row.caller_id,
  agents: JSON.parse(row.agents) as Record<string, AgentLine>,
  record: row.record === 1,
  callbackSecret: row.callback_secret,
});

export const telephonyStore = (db: Db): TelephonyStore => {
  const byTenant = db.prepare<[string], SettingsRow>('SELECT * FROM telephony_settings WHERE tenant_id = ?');
  const bySecret = db.prepare<[string], SettingsRow>(
    'SELECT * FROM telephony_settings WHERE callback_secret = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO telephony_settings (tenant_id, provider, account_sid, api_key, api_token, host, caller_id,
       callback_secret, agents, record, updated_at)
     VALUES (@tenantId, @provider, @accountSid, @apiKey, @apiToken, @host, @callerId, @secret, @agents, @record, @now)
     ON CONFLICT (tenant_id) DO UPDATE SET provider = excluded.provider, account_sid = excluded.account_sid,
       api_key = excluded.api_key, api_token = excluded.api_token, host = excluded.host,
       caller_id = excluded.caller_id, agents = excluded.agents, record = excluded.record,
       updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM telephony_settings WHERE tenant_id = ?');
  const insertCall = db.prepare<[string, string, string, number]>(
    `INSERT INTO provider_calls (tenant_id, provider_call_sid, call_id, placed_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const callBySid = db.prepare<[string, string], { call_id: string }>(
    'SELECT call_id FROM provider_calls WHERE tenant_id = ? AND provider_call_sid = ?',
  );
  const sidByCall = db.prepare<[string, string], { provider_call_sid: string }>(
    'SELECT provider_call_sid FROM provider_calls WHERE tenant_id = ? AND call_id = ?',
  );
  const markTerminal = db.prepare<[number, string, string]>(
    'UPDATE provider_calls SET terminal_ms = coalesce(terminal_ms, ?) WHERE tenant_id = ? AND provider_call_sid = ?',
  );
  const markChecked = db.prepare<[number, string, string]>(
    'UPDATE provider_calls SET checked_ms = ? WHERE tenant_id = ? AND provider_call_sid = ?',
  );
  const open = db.prepare<
    [number, number, number],
    { tenant_id: string; provider_call_sid: string; call_id: string }
  >(
    `SELECT tenant_id, provider_call_sid, call_id FROM provider_calls
     WHERE terminal_ms IS NULL AND placed_ms <= ? AND coalesce(checked_ms, 0) <= ?
     ORDER BY placed_ms LIMIT ?`,
  );

  return {
    async get(tenantId: string) {
      const row = byTenant.get(tenantId);
      return row && toSettings(row);
    },

    async bySecret(secret: string) {
      const row = bySecret.get(secret);
      return row && { tenantId: row.tenant_id, settings: toSettings(row) };
    },

    /** Saves the settings; the callback secret is made once and kept across updates. */
    async set(tenantId: string, settings: Omit<TelephonySettings, 'callbackSecret'>, now: Date) {
      upsert.run({
        tenantId,
        provider: settings.provider,
        accountSid: settings.credentials.accountSid,
        apiKey: settings.credentials.apiKey,
        apiToken: settings.credentials.apiToken,
        host: settings.credentials.host,
        callerId: settings.callerId,
        secret: randomBytes(24).toString('base64url'),
        agents: JSON.stringify(settings.agents),
        record: settings.record ? 1 : 0,
        now: now.toISOString(),
      });
      return (await this.get(tenantId))!;
    },

    async remove(tenantId: string) {
      return remove.run(tenantId).changes === 1;
    },

    /** What the browser may know: the provider and the caller id, never credentials. */
    async publicView(tenantId: string) {
      const row = byTenant.get(tenantId);
      return row
        ? { provider: row.provider, callerId: row.caller_id }
        : { provider: 'simulator', callerId: null };
    },

    async recordPlacedCall(tenantId: string, providerCallSid: string, callId: string, placedAt: Date) {
      insertCall.run(tenantId, providerCallSid, callId, placedAt.getTime());
    },

    async callIdFor(tenantId: string, providerCallSid: string) {
      return callBySid.get(tenantId, providerCallSid)?.call_id;
    },

    async providerCallSidFor(tenantId: string, callId: string) {
      return sidByCall.get(tenantId, callId)?.provider_call_sid;
    },

    async markTerminal(tenantId: string, providerCallSid: string, at: Date) {
      markTerminal.run(at.getTime(), tenantId, providerCallSid);
    },

    async markChecked(tenantId: string, providerCallSid: string, at: Date) {
      markChecked.run(at.getTime(), tenantId, providerCallSid);
    },

    /** Calls placed before `placedBefore` with no terminal callback, not checked since `checkedBefore`. */
    async awaitingTerminal(placedBefore: Date, checkedBefore: Date, limit = 50) {
      return open.all(placedBefore.getTime(), checkedBefore.getTime(), limit).map((row) => ({
        tenantId: row.tenant_id,
        providerCallSid: row.provider_call_sid,
        callId: row.call_id,
      }));
    },
  };
};
