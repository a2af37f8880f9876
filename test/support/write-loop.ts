// Child process for robustness-files.test.ts: writes the journal, a persisted state file or the
// settings in a tight loop until it is killed. After each write resolves it prints "ack <what>" on its
// own line (journal: the entry id; state: the iteration; settings: the autoRefreshSeconds written), so
// the test knows which writes were acknowledged before the kill, wherever the kill lands. stdout to a
// pipe is synchronous on POSIX: an ack is in the pipe before the next write starts.
//   node --import tsx test/support/write-loop.ts journal|state|settings <file> [endpoint id, state only]
import { createBackend } from '../../native/backend';
import { Journal } from '../../electron/core/journal/journal';
import { SettingsStore } from '../../electron/core/services/settings';

const [mode, file] = process.argv.slice(2) as [string, string];
const policy = (i: number) => ({
  Type: 'L4WFPPROXY',
  Settings: { InboundProxyPort: String(1 + (i % 65535)), OutboundProxyPort: '15001', UserSID: 'S-1-5-18' },
});
// Big lines and big files, so a kill is likely to land in the middle of a write.
const many = Array.from({ length: 400 }, (_, i) => policy(i));

async function main(): Promise<void> {
  const ack = (what: string | number) => process.stdout.write(`ack ${what}\n`);
  if (mode === 'journal') {
    const j = new Journal(file);
    for (let i = 0; ; i++) {
      const written = await j.append({
        endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
        operation: 'clear',
        before: many,
        after: [],
        policies: many,
        outcome: 'ok',
      });
      ack(written.id);
    }
  }
  if (mode === 'state') {
    const hns = await createBackend({ backend: 'simulated', stateFile: file, persist: true });
    // The first endpoint of the seed file (listing thousands through the simulator is slow).
    const id = process.argv[4] as string;
    for (let i = 0; ; i++) {
      const Settings = { Policies: [policy(i)] };
      await hns.modifyEndpoint(id, { ResourceType: 'Policy', RequestType: 'Add', Settings });
      ack(i);
      if (i % 2) await hns.modifyEndpoint(id, { ResourceType: 'Policy', RequestType: 'Remove', Settings });
    }
  }
  if (mode === 'settings') {
    const s = new SettingsStore({ autoRefreshSeconds: 0, templates: [], journalPath: 'journal.jsonl' }, file);
    for (let i = 0; ; i++) {
      await s.set({ autoRefreshSeconds: i % 60, templates: [] });
      ack(i % 60);
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
