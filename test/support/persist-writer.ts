// Child process for security-file-lock.test.ts: one "CLI process" doing N adds with --persist on a
// shared state file, each add a full CLI invocation (its own core: reads the state, adds, writes back).
//   node --import tsx test/support/persist-writer.ts <state> <journal> <endpoint> <firstPort> <count>
import { runCli } from '../../electron/cli/run';

const [state, journal, endpoint, first, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];

async function main(): Promise<void> {
  for (let i = 0; i < Number(count); i++) {
    let err = '';
    const code = await runCli(
      [
        'add',
        endpoint,
        '--port',
        String(Number(first) + i),
        '--backend',
        'simulated',
        '--state',
        state,
        '--persist',
        '--journal',
        journal,
      ],
      { stdout: () => undefined, stderr: (t) => (err += t) },
    );
    if (code !== 0) throw new Error(`add ${i} exited ${code}: ${err}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.message : e) + '\n');
    process.exit(1);
  },
);
