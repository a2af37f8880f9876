import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../electron/core/watch/event-schema';
import { runCli } from '../../electron/cli/run';
import { DEV_BACKENDS } from '../support/dev-backends';
import { cli, tempDir } from '../support/cli';
import { ok } from '../support/result';
import { tempCore, API, WEB0 } from '../support/temp-core';

// `watch` on a state file another process saves to (--persist): each change written there arrives
// as one event, after the "watching" line, attributed to the journal entry that made it.

async function demoState() {
  const dir = tempDir('hcn-watch-');
  const state = join(dir, 'node.json');
  const { core } = await tempCore();
  writeFileSync(state, ok<{ content: string }>(await core.route('snapshot.export', {})).content);
  await core.close();
  return { dir, state };
}

/** Runs watch in-process; `onWatching` runs once the first line says it is watching. */
async function watchUntil(args: string[], dir: string, onWatching: () => Promise<void>) {
  const lines: string[] = [];
  let acting: Promise<void> | undefined;
  // A failing step stops the watch, so the test reports that failure rather than a timeout.
  const stop = new AbortController();
  const code = await runCli(
    ['watch', '--interval', '0.2', '--journal', join(dir, 'journal.jsonl'), ...args],
    {
      stdout: (t) => {
        lines.push(t);
        if (lines.length === 1)
          acting = onWatching().catch((e: unknown) => {
            stop.abort();
            throw e;
          });
      },
      stderr: () => undefined,
    },
    { extraBackends: DEV_BACKENDS, signal: stop.signal },
  );
  await acting;
  return { code, lines };
}

describe('hcnproxyctl watch', () => {
  it('--json: a watching line first, then one event per change made by another writer, with who made it', async () => {
    const { dir, state } = await demoState();
    const { code, lines } = await watchUntil(
      ['--backend', 'simulated', '--state', state, '--persist', '--json', '--events', '2'],
      dir,
      async () => {
        const add = await cli(
          ['add', API, '--port', '4140', '--backend', 'simulated', '--state', state, '--persist'],
          dir,
        );
        expect(add.code, add.stderr).toBe(0);
        const clear = await cli(
          ['clear', WEB0, '--include-foreign', '--backend', 'simulated', '--state', state, '--persist'],
          dir,
        );
        expect(clear.code, clear.stderr).toBe(0);
      },
    );
    expect(code).toBe(0);
    const [first, ...rest] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ type: 'watching', node: `file:${state}` });
    const events = rest as unknown as WatchEvent[];
    expect(events.map((e) => [e.type, e.endpoint.id])).toEqual(
      expect.arrayContaining([
        ['policy-added', API],
        ['policy-removed', WEB0],
      ]),
    );
    expect(events).toHaveLength(2);
    const added = events.find((e) => e.type === 'policy-added');
    expect(added?.policy?.summary).toBe('inbound → 4140, outbound → 4140');
    expect(added?.by).toMatchObject({ kind: 'app', journalId: expect.stringMatching(/^j-/) });
    const removed = events.find((e) => e.type === 'policy-removed');
    expect(removed?.policy?.owner).toMatch(/Istio/);
    // Sequence numbers rise by one: nothing repeated, nothing skipped.
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('human output names the change and says it came from someone else when no journal entry made it', async () => {
    const { dir, state } = await demoState();
    const { lines } = await watchUntil(
      ['--backend', 'simulated', '--state', state, '--persist', '--events', '1'],
      dir,
      async () => {
        // Another journal: this watch's journal has no entry for the change.
        const other = tempDir('hcn-watch-other-');
        const r = await cli(
          ['add', API, '--port', '4140', '--backend', 'simulated', '--state', state, '--persist'],
          other,
        );
        expect(r.code, r.stderr).toBe(0);
      },
    );
    expect(lines[0]).toMatch(/^Watching file:.*node\.json: reads every 0\.2 s/);
    expect(lines[1]).toMatch(
      /policy-added {2}api-\w+_eth0 #0 inbound → 4140, outbound → 4140 by someone else$/,
    );
  });

  it('refuses a bad interval and a bad count with the flag named', async () => {
    const dir = tempDir();
    const r = await cli(['watch', '--interval', '0'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interval must be a number of seconds between 0.2 and 600.');
    const n = await cli(['watch', '--events', 'x'], dir);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('--events must be a whole number of 1 or more.');
  });
});
