// Issue 13 item 5: journalPath read from settings.json (in %APPDATA%, writable by any non-elevated
// process of the user), from HCNPROXY_JOURNAL or from --journal passes the same check as settings.set
// before the elevated process appends to it. Only the app's own data folder is exempt.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appJournalPath } from '../../electron/core/journal/default-path';
import { createAppCore } from '../../electron/ipc/app-core';
import { cli } from '../support/cli';

const dir = () => mkdtempSync(join(tmpdir(), 'hcnproxy-jpath-'));
const saved = { ...process.env };
afterEach(() => {
  for (const k of ['HCNPROXY_JOURNAL', 'HCNPROXY_DATA_DIR']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function victim(d: string, name = 'victim.jsonl'): string {
  const p = join(d, name);
  writeFileSync(p, 'root:x:0:0:root:/root:/bin/bash\n');
  return p;
}

describe('journalPath from settings.json', () => {
  it.each([
    [
      'an existing non-journal file',
      (d: string) => victim(d),
      'The file exists and is not an HCN Proxy Control journal',
    ],
    ['a relative path', () => 'journal.jsonl', 'Must be an absolute path.'],
    ['a file that is not .jsonl', (d: string) => join(d, 'hosts'), 'Must name a .jsonl file'],
    ['a folder that does not exist', (d: string) => join(d, 'nope', 'j.jsonl'), 'does not exist'],
  ])('%s is refused before anything is appended', async (_name, path, message) => {
    const d = dir();
    const target = path(d);
    const settingsPath = join(d, 'settings.json');
    writeFileSync(settingsPath, JSON.stringify({ journalPath: target }));
    process.env.HCNPROXY_DATA_DIR = join(d, 'data');
    await expect(createAppCore({ backend: 'simulated', settingsPath })).rejects.toThrow(
      new RegExp(`^journalPath: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('the message names settings.json as the source, so the person can fix it', async () => {
    const d = dir();
    const settingsPath = join(d, 'settings.json');
    writeFileSync(settingsPath, JSON.stringify({ journalPath: victim(d) }));
    await expect(createAppCore({ backend: 'simulated', settingsPath })).rejects.toThrow(
      `(journalPath from ${settingsPath})`,
    );
  });

  it('the victim file is not written', async () => {
    const d = dir();
    const v = victim(d);
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ journalPath: v }));
    await createAppCore({ backend: 'simulated', settingsPath: join(d, 'settings.json') }).catch(
      () => undefined,
    );
    expect(readFileSync(v, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  });

  it('an existing journal, or a new file in an existing folder, is accepted', async () => {
    const d = dir();
    const settingsPath = join(d, 'settings.json');
    writeFileSync(settingsPath, JSON.stringify({ journalPath: join(d, 'new.jsonl') }));
    const c = await createAppCore({ backend: 'simulated', settingsPath });
    expect(c.ctx.journal.path).toBe(join(d, 'new.jsonl'));
    await c.close();
  });
});

describe('journalPath from the environment and the CLI', () => {
  it('HCNPROXY_JOURNAL naming a non-journal file is refused', async () => {
    const d = dir();
    process.env.HCNPROXY_JOURNAL = victim(d);
    await expect(createAppCore({ backend: 'simulated' })).rejects.toThrow(
      /^journalPath: The file exists and is not an HCN Proxy Control journal/,
    );
  });

  it('--journal naming a non-journal file: exit 2, the flag named', async () => {
    const d = dir();
    const v = victim(d);
    const r = await cli(['endpoints', '--backend', 'simulated', '--journal', v], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--journal: The file exists and is not an HCN Proxy Control journal');
    expect(readFileSync(v, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  });

  it("only the platform's own data folder is exempt (it may not exist yet); HCNPROXY_DATA_DIR is checked like --journal", async () => {
    expect(appJournalPath({}, 'linux')).toMatch(/hcn-proxy-control[\\/]journal\.jsonl$/);
    expect(appJournalPath({ HCNPROXY_DATA_DIR: '/x' }, 'linux')).toBeUndefined();
    const d = dir();
    mkdirSync(join(d, 'parent'));
    process.env.HCNPROXY_DATA_DIR = join(d, 'parent', 'not-yet');
    delete process.env.HCNPROXY_JOURNAL;
    await expect(createAppCore({ backend: 'simulated' })).rejects.toThrow(
      `journalPath: The folder ${join(d, 'parent', 'not-yet')} does not exist. (journalPath from the HCNPROXY_DATA_DIR environment variable)`,
    );
    mkdirSync(join(d, 'parent', 'not-yet'));
    const c = await createAppCore({ backend: 'simulated' });
    expect(c.ctx.journal.path).toBe(join(d, 'parent', 'not-yet', 'journal.jsonl'));
    await c.close();
  });
});
