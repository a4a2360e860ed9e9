import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../config.ts';
import { freshPostgresUrl, postgresSkipReason } from '../test-support/postgres.ts';
import { InProcessLiveBus } from './bus.ts';
import { openLiveOptions } from './from-config.ts';
import { PostgresLiveBus } from './pg-bus.ts';

const SECRET = 'x'.repeat(32);

describe('live stream settings', () => {
  it('reads STREAM_TOKEN_SECRET, STREAM_MAX_SECONDS and STREAM_MAX_PER_KEY, with their defaults', () => {
    const defaults = readConfig({});
    assert.deepEqual(
      [defaults.streamTokenSecret, defaults.streamMaxSeconds, defaults.streamMaxPerKey],
      [undefined, 3600, 50],
    );
    const set = readConfig({
      STREAM_TOKEN_SECRET: SECRET,
      STREAM_MAX_SECONDS: '120',
      STREAM_MAX_PER_KEY: '5',
    });
    assert.deepEqual([set.streamTokenSecret, set.streamMaxSeconds, set.streamMaxPerKey], [SECRET, 120, 5]);
  });

  it('refuses to start with DATABASE_URL but no STREAM_TOKEN_SECRET, or with a short or bad setting', () => {
    const refuses = (env: NodeJS.ProcessEnv, message: RegExp) =>
      assert.throws(
        () => readConfig(env),
        (error) => error instanceof ConfigError && message.test(error.message),
      );
    refuses(
      { DATABASE_URL: 'postgres://app@db.internal/calls' },
      /STREAM_TOKEN_SECRET is required with DATABASE_URL/,
    );
    refuses({ STREAM_TOKEN_SECRET: 'short' }, /at least 32 characters/);
    refuses({ STREAM_MAX_SECONDS: '1.5' }, /STREAM_MAX_SECONDS must be a whole number/);
    refuses({ STREAM_MAX_SECONDS: '5' }, /at least 10/);
    refuses({ STREAM_MAX_PER_KEY: '0' }, /STREAM_MAX_PER_KEY must be a whole number, at least 1/);
  });

  it('keeps notices in this process without DATABASE_URL', async () => {
    const live = await openLiveOptions(readConfig({ STREAM_MAX_SECONDS: '60', STREAM_MAX_PER_KEY: '3' }));
    assert.ok(live.options.bus instanceof InProcessLiveBus && !(live.options.bus instanceof PostgresLiveBus));
    assert.deepEqual([live.options.maxStreamMs, live.options.maxStreamsPerKey], [60_000, 3]);
    await live.close();
  });

  it('listens on PostgreSQL with DATABASE_URL', { skip: postgresSkipReason }, async () => {
    const url = await freshPostgresUrl();
    const live = await openLiveOptions(readConfig({ DATABASE_URL: url, STREAM_TOKEN_SECRET: SECRET }));
    assert.ok(live.options.bus instanceof PostgresLiveBus);
    assert.equal(live.options.tokenSecret, SECRET);
    await live.close();
  });
});
