import { randomBytes } from 'node:crypto';
import type { AgentLine, TelephonySettings, TelephonyStore } from '../../stores/telephony.ts';
import type { Pool } from './pool.ts';

interface SettingsRow {
  tenant_id: string;
  provider: 'exotel' | 'exotel-webrtc';
  account_sid: string;
  sealed_credentials: string;
  host: string;
  caller_id: string;
  callback_secret: string;
  agents: Record<string, AgentLine>;
  record: boolean;
}

interface ProviderCallRow {
  tenant_id: string;
  provider_call_sid: string;
  call_id: string;
  placed_ms: number;
}

const COLUMNS =
  'tenant_id, provider, account_sid, sealed_credentials, host, caller_id, callback_secret, agents, record';

const toSettings = (row: SettingsRow): TelephonySettings => ({
  provider: row.provider,
  accountSid: row.account_sid,
  host: row.host,
  sealedCredentials: row.sealed_credentials,
  callerId: row.caller_id,
  agents: row.agents,
  record: row.record,
  callbackSecret: row.callback_secret,
});

const newSecret = () => randomBytes(24).toString('base64url');

/** Exotel settings, provider calls and monthly call slots on PostgreSQL. */
export const telephonyStore = (pool: Pool): TelephonyStore => {
  const settingsWhere = async (where: string, value: string) => {
    const { rows } = await pool.query<SettingsRow>(
      `SELECT ${COLUMNS} FROM telephony_settings WHERE ${where} = $1`,
      [value],
    );
    return rows[0];
  };

  return {
    async get(tenantId) {
      const row = await settingsWhere('tenant_id', tenantId);
      return row && toSettings(row);
    },

    async bySecret(secret) {
      const row = await settingsWhere('callback_secret', secret);
      return row && { tenantId: row.tenant_id, settings: toSettings(row) };
    },

    /** Saves the settings; the callback secret is made once and kept across updates. */
    async set(tenantId, settings, now) {
      const { rows } = await pool.query<SettingsRow>(
        `INSERT INTO telephony_settings (tenant_id, provider, account_sid, sealed_credentials, host, caller_id,
           callback_secret, agents, record, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9, $10)
         ON CONFLICT (tenant_id) DO UPDATE SET provider = excluded.provider, account_sid = excluded.account_sid,
           sealed_credentials = excluded.sealed_credentials, host = excluded.host,
           caller_id = excluded.caller_id, agents = excluded.agents, record = excluded.record,
           updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
        [
          tenantId,
          settings.provider,
          settings.accountSid,
          settings.sealedCredentials,
          settings.host,
          settings.callerId,
          newSecret(),
          JSON.stringify(settings.agents),
          settings.record,
          now.toISOString(),
        ],
      );
      return toSettings(rows[0]!);
    },

    async rotateCallbackSecret(tenantId, now) {
      const secret = newSecret();
      const { rowCount } = await pool.query(
        'UPDATE telephony_settings SET callback_secret = $1, updated_at = $2 WHERE tenant_id = $3',
        [secret, now.toISOString(), tenantId],
      );
      return rowCount === 1 ? secret : undefined;
    },

    async remove(tenantId) {
      const { rowCount } = await pool.query('DELETE FROM telephony_settings WHERE tenant_id = $1', [
        tenantId,
      ]);
      return rowCount === 1;
    },

    /** What the browser may know: the provider and the caller id, never credentials. */
    async publicView(tenantId) {
      const row = await settingsWhere('tenant_id', tenantId);
      return row
        ? { provider: row.provider, callerId: row.caller_id }
        : { provider: 'simulator', callerId: null };
    },

    async recordPlacedCall(tenantId, providerCallSid, callId, placedAt) {
      await pool.query(
        `INSERT INTO provider_calls (tenant_id, provider_call_sid, call_id, placed_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [tenantId, providerCallSid, callId, placedAt.getTime()],
      );
    },

    async callIdFor(tenantId, providerCallSid) {
      const { rows } = await pool.query<{ call_id: string }>(
        'SELECT call_id FROM provider_calls WHERE tenant_id = $1 AND provider_call_sid = $2',
        [tenantId, providerCallSid],
      );
      return rows[0]?.call_id;
    },

    async providerCallSidFor(tenantId, callId) {
      const { rows } = await pool.query<{ provider_call_sid: string }>(
        'SELECT provider_call_sid FROM provider_calls WHERE tenant_id = $1 AND call_id = $2 LIMIT 1',
        [tenantId, callId],
      );
      return rows[0]?.provider_call_sid;
    },

    async markTerminal(tenantId, providerCallSid, at) {
      await pool.query(
        `UPDATE provider_calls SET terminal_ms = coalesce(terminal_ms, $1)
         WHERE tenant_id = $2 AND provider_call_sid = $3`,
        [at.getTime(), tenantId, providerCallSid],
      );
    },

    /**
     * One statement: the rows a concurrent sweep has locked are skipped, and a row it has just
     * claimed no longer passes the re-checked condition, so no call is claimed twice.
     */
    async claimOverdue(placedBefore, checkedBefore, now, limit = 50) {
      const { rows } = await pool.query<ProviderCallRow>(
        `UPDATE provider_calls p SET checked_ms = $1
         FROM (SELECT tenant_id, provider_call_sid FROM provider_calls
               WHERE terminal_ms IS NULL AND placed_ms <= $2 AND (checked_ms IS NULL OR checked_ms < $3)
               ORDER BY placed_ms LIMIT $4
               FOR UPDATE SKIP LOCKED) due
         WHERE p.tenant_id = due.tenant_id AND p.provider_call_sid = due.provider_call_sid
         RETURNING p.tenant_id, p.provider_call_sid, p.call_id, p.placed_ms`,
        [now.getTime(), placedBefore.getTime(), checkedBefore.getTime(), limit],
      );
      return rows
        .sort(
          (a, b) =>
            a.placed_ms - b.placed_ms ||
            (a.tenant_id < b.tenant_id ? -1 : a.tenant_id > b.tenant_id ? 1 : 0) ||
            (a.provider_call_sid < b.provider_call_sid
              ? -1
              : a.provider_call_sid > b.provider_call_sid
                ? 1
                : 0),
        )
        .map((row) => ({
          tenantId: row.tenant_id,
          providerCallSid: row.provider_call_sid,
          callId: row.call_id,
        }));
    },

    /** One statement: concurrent reservations queue on the month's row, so the limit holds. */
    async reserveCallSlot(tenantId, monthStartMs, limit, countedCalls) {
      const { rowCount } = await pool.query(
        `INSERT INTO call_slots (tenant_id, month_start_ms, taken)
         SELECT $1, $2, $4::integer + 1 WHERE $4::integer < $3::integer
         ON CONFLICT (tenant_id, month_start_ms) DO UPDATE SET taken = greatest(call_slots.taken, $4::integer) + 1
           WHERE greatest(call_slots.taken, $4::integer) < $3::integer`,
        [tenantId, monthStartMs, limit, countedCalls],
      );
      return rowCount === 1;
    },

    async releaseCallSlot(tenantId, monthStartMs) {
      await pool.query(
        'UPDATE call_slots SET taken = taken - 1 WHERE tenant_id = $1 AND month_start_ms = $2 AND taken > 0',
        [tenantId, monthStartMs],
      );
    },

    async callSlotsTaken(tenantId, monthStartMs) {
      const { rows } = await pool.query<{ taken: number }>(
        'SELECT taken FROM call_slots WHERE tenant_id = $1 AND month_start_ms = $2',
        [tenantId, monthStartMs],
      );
      return rows[0]?.taken ?? 0;
    },
  };
};
