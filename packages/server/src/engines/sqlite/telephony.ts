import { randomBytes } from 'node:crypto';
import type { AgentLine, TelephonySettings, TelephonyStore } from '../../stores/telephony.ts';
import type { Db } from './open.ts';

interface SettingsRow {
  tenant_id: string;
  provider: 'exotel' | 'exotel-webrtc';
  account_sid: string;
  sealed_credentials: string;
  host: string;
  caller_id: string;
  callback_secret: string;
  agents: string;
  record: number;
}

interface ProviderCallRow {
  tenant_id: string;
  provider_call_sid: string;
  call_id: string;
  placed_ms: number;
}

const toSettings = (row: SettingsRow): TelephonySettings => ({
  provider: row.provider,
  accountSid: row.account_sid,
  host: row.host,
  sealedCredentials: row.sealed_credentials,
  callerId: row.caller_id,
  agents: JSON.parse(row.agents) as Record<string, AgentLine>,
  record: row.record === 1,
  callbackSecret: row.callback_secret,
});

const newSecret = () => randomBytes(24).toString('base64url');

export const telephonyStore = (db: Db): TelephonyStore => {
  const byTenant = db.prepare<[string], SettingsRow>('SELECT * FROM telephony_settings WHERE tenant_id = ?');
  const bySecret = db.prepare<[string], SettingsRow>(
    'SELECT * FROM telephony_settings WHERE callback_secret = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO telephony_settings (tenant_id, provider, account_sid, sealed_credentials, host, caller_id,
       callback_secret, agents, record, updated_at)
     VALUES (@tenantId, @provider, @accountSid, @sealedCredentials, @host, @callerId, @secret, @agents, @record, @now)
     ON CONFLICT (tenant_id) DO UPDATE SET provider = excluded.provider, account_sid = excluded.account_sid,
       sealed_credentials = excluded.sealed_credentials, host = excluded.host,
       caller_id = excluded.caller_id, agents = excluded.agents, record = excluded.record,
       updated_at = excluded.updated_at`,
  );
  const rotateSecret = db.prepare<[string, string, string]>(
    'UPDATE telephony_settings SET callback_secret = ?, updated_at = ? WHERE tenant_id = ?',
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
  // One statement: SQLite runs one writer at a time, so two sweeps never return the same call.
  const claimOverdue = db.prepare<
    { now: number; placedBefore: number; checkedBefore: number; limit: number },
    ProviderCallRow
  >(
    `UPDATE provider_calls SET checked_ms = @now
     WHERE (tenant_id, provider_call_sid) IN (
       SELECT tenant_id, provider_call_sid FROM provider_calls
       WHERE terminal_ms IS NULL AND placed_ms <= @placedBefore
         AND (checked_ms IS NULL OR checked_ms < @checkedBefore)
       ORDER BY placed_ms LIMIT @limit)
       AND terminal_ms IS NULL AND (checked_ms IS NULL OR checked_ms < @checkedBefore)
     RETURNING tenant_id, provider_call_sid, call_id, placed_ms`,
  );
  const reserveSlot = db.prepare<{ tenantId: string; month: number; limit: number; counted: number }>(
    `INSERT INTO call_slots (tenant_id, month_start_ms, taken)
     SELECT @tenantId, @month, @counted + 1 WHERE @counted < @limit
     ON CONFLICT (tenant_id, month_start_ms) DO UPDATE SET taken = max(call_slots.taken, @counted) + 1
       WHERE max(call_slots.taken, @counted) < @limit`,
  );
  const releaseSlot = db.prepare<[string, number]>(
    'UPDATE call_slots SET taken = taken - 1 WHERE tenant_id = ? AND month_start_ms = ? AND taken > 0',
  );
  const slotsTaken = db.prepare<[string, number], { taken: number }>(
    'SELECT taken FROM call_slots WHERE tenant_id = ? AND month_start_ms = ?',
  );

  return {
    async get(tenantId) {
      const row = byTenant.get(tenantId);
      return row && toSettings(row);
    },

    async bySecret(secret) {
      const row = bySecret.get(secret);
      return row && { tenantId: row.tenant_id, settings: toSettings(row) };
    },

    async set(tenantId, settings, now) {
      upsert.run({
        tenantId,
        provider: settings.provider,
        accountSid: settings.accountSid,
        sealedCredentials: settings.sealedCredentials,
        host: settings.host,
        callerId: settings.callerId,
        secret: newSecret(),
        agents: JSON.stringify(settings.agents),
        record: settings.record ? 1 : 0,
        now: now.toISOString(),
      });
      return toSettings(byTenant.get(tenantId)!);
    },

    async rotateCallbackSecret(tenantId, now) {
      const secret = newSecret();
      return rotateSecret.run(secret, now.toISOString(), tenantId).changes === 1 ? secret : undefined;
    },

    async remove(tenantId) {
      return remove.run(tenantId).changes === 1;
    },

    async publicView(tenantId) {
      const row = byTenant.get(tenantId);
      return row
        ? { provider: row.provider, callerId: row.caller_id }
        : { provider: 'simulator', callerId: null };
    },

    async recordPlacedCall(tenantId, providerCallSid, callId, placedAt) {
      insertCall.run(tenantId, providerCallSid, callId, placedAt.getTime());
    },

    async callIdFor(tenantId, providerCallSid) {
      return callBySid.get(tenantId, providerCallSid)?.call_id;
    },

    async providerCallSidFor(tenantId, callId) {
      return sidByCall.get(tenantId, callId)?.provider_call_sid;
    },

    async markTerminal(tenantId, providerCallSid, at) {
      markTerminal.run(at.getTime(), tenantId, providerCallSid);
    },

    async claimOverdue(placedBefore, checkedBefore, now, limit = 50) {
      return claimOverdue
        .all({
          now: now.getTime(),
          placedBefore: placedBefore.getTime(),
          checkedBefore: checkedBefore.getTime(),
          limit,
        })
        .sort((a, b) => a.placed_ms - b.placed_ms)
        .map((row) => ({
          tenantId: row.tenant_id,
          providerCallSid: row.provider_call_sid,
          callId: row.call_id,
        }));
    },

    async reserveCallSlot(tenantId, monthStartMs, limit, countedCalls) {
      return reserveSlot.run({ tenantId, month: monthStartMs, limit, counted: countedCalls }).changes === 1;
    },

    async releaseCallSlot(tenantId, monthStartMs) {
      releaseSlot.run(tenantId, monthStartMs);
    },

    async callSlotsTaken(tenantId, monthStartMs) {
      return slotsTaken.get(tenantId, monthStartMs)?.taken ?? 0;
    },
  };
};
