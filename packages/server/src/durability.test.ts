import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfigError, readConfig } from './config.ts';
import { openDatabase } from './engines/sqlite/open.ts';

const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// SQLite's numbering of PRAGMA synchronous.
const NORMAL = 1;
const FULL = 2;

describe('durability of the SQLite file', () => {
  it('commits with synchronous = FULL in WAL by default', () => {
    const db = openDatabase(join(dir, 'default.sqlite'));
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), FULL);
    } finally {
      db.close();
    }
  });

  it('relaxes to synchronous = NORMAL when asked', () => {
    const db = openDatabase(join(dir, 'normal.sqlite'), { synchronous: 'normal' });
    try {
      assert.equal(db.pragma('synchronous', { simple: true }), NORMAL);
    } finally {
      db.close();
    }
  });

  it('opens with the setting DATABASE_SYNC names', () => {
    for (const [value, expected] of [
      [undefined, FULL],
      ['full', FULL],
      ['normal', NORMAL],
    ] as const) {
      const config = readConfig({ DATABASE_SYNC: value, DATABASE_PATH: join(dir, `env-${value}.sqlite`) });
      const db = openDatabase(config.databasePath, { synchronous: config.databaseSync });
      try {
        assert.equal(db.pragma('synchronous', { simple: true }), expected, `DATABASE_SYNC=${value}`);
      } finally {
        db.close();
      }
    }
  });
});

describe('DATABASE_SYNC', () => {
  it('is full unless set to normal', () => {
    assert.equal(readConfig({}).databaseSync, 'full');
    assert.equal(readConfig({ DATABASE_SYNC: '' }).databaseSync, 'full');
    assert.equal(readConfig({ DATABASE_SYNC: 'full' }).databaseSync, 'full');
    assert.equal(readConfig({ DATABASE_SYNC: 'normal' }).databaseSync, 'normal');
  });

  it('refuses any other value at start with a message naming the variable', () => {
    for (const value of ['off', 'FULLY', '2', 'extra']) {
      assert.throws(
        () => readConfig({ DATABASE_SYNC: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message === `DATABASE_SYNC must be full or normal, got "${value}"`,
      );
    }
  });

  it('stops the server at start, before opening the database, when set to anything else', async () => {
    const databasePath = join(dir, 'never.sqlite');
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const failure = await promisify(execFile)(process.execPath, [cli, 'start'], {
      env: { ...process.env, DATABASE_SYNC: 'off', DATABASE_PATH: databasePath, PORT: '0' },
      // A server that did start would run until killed.
      timeout: 10_000,
    }).then(
      () => assert.fail('the server started'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 1);
    assert.match(failure.stderr, /Configuration error: DATABASE_SYNC must be full or normal, got "off"/);
    assert.equal(existsSync(databasePath), false);
  });
});
