import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateState } from '../../harness/generate';
import type { FigureProducer } from '../figure';
import { describeRuns, repeat, spread } from '../stats';
import { currentRssMb, ROOT } from './processes';

// The agent's footprint (`hcnproxyctl serve --stdio`, what an SSH or kubectl exec session starts on
// a node; in its HostProcess pod the memory limit is shared by every session):
//  agent.rss_mb          – resident memory once it has said hello and waits for requests (goal ≤ 60):
//                          the simulated backend with its demo node, no snapshot to load, as an agent
//                          on a real node starts (it reads HNS, not a file)
//  agent.rss_seeded_mb   – the same, seeded from a snapshot of 100 generated endpoints (--state)
//  agent.rss_serving_mb  – that seeded agent right after answering endpoints.list for its 100 endpoints
//                          (goal ≤ 60 + the response's size, agent.response_mb)
// Loading a snapshot is work a real agent never does, and it shows: see docs/benchmarks.md. The
// package bin; a fresh agent per run, median of RUNS.

const RUNS = 5;
const ENDPOINTS = 100;
// Long enough for start-up's garbage to be collected or not, as it would be on an idle node.
const SETTLE_MS = 1000;

interface AgentRun {
  idleMb: number;
  servingMb: number;
  responseMb: number;
}

async function oneAgent(dir: string, stateFile: string | undefined, run: number): Promise<AgentRun> {
  const env = { ...process.env };
  delete env.UV_THREADPOOL_SIZE;
  const child = spawn(
    process.execPath,
    [
      'bin/hcnproxyctl.cjs',
      '--backend',
      'simulated',
      ...(stateFile ? ['--state', stateFile] : []),
      '--journal',
      join(dir, `journal-${run}.jsonl`),
      'serve',
      '--stdio',
    ],
    { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`the agent exited with ${code}: ${stderr.trim()}`))),
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const r = await Promise.race([lines.next(), exited]);
    if (r.done) throw new Error(`the agent closed its output: ${stderr.trim()}`);
    return r.value;
  };
  try {
    const hello = JSON.parse(await nextLine()) as { hello?: unknown };
    if (!hello.hello) throw new Error('the agent did not say hello first');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const idleMb = currentRssMb(child.pid!);
    child.stdin.write(JSON.stringify({ id: 'bench-1', channel: 'endpoints.list', input: {} }) + '\n');
    const line = await nextLine();
    const servingMb = currentRssMb(child.pid!);
    const response = JSON.parse(line) as { id: string; result: { ok: boolean; value?: unknown[] } };
    if (!response.result.ok || (stateFile && response.result.value?.length !== ENDPOINTS))
      throw new Error(`endpoints.list answered ${line.slice(0, 300)}`);
    return { idleMb, servingMb, responseMb: Buffer.byteLength(line) / 1024 / 1024 };
  } finally {
    child.stdin.end();
    child.kill();
  }
}

export const agent: FigureProducer = {
  group: 'agent',
  description: `resident memory of \`hcnproxyctl serve --stdio\` idle and after listing ${ENDPOINTS} endpoints`,
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'hcnbench-agent-'));
    try {
      const stateFile = join(dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(generateState(ENDPOINTS)));
      const plain = await repeat(RUNS, (i) => oneAgent(dir, undefined, i));
      const seeded = await repeat(RUNS, (i) => oneAgent(dir, stateFile, RUNS + i));
      const idle = plain.map((r) => r.idleMb);
      const seededIdle = seeded.map((r) => r.idleMb);
      const serving = seeded.map((r) => r.servingMb);
      log(`idle RSS, demo node (MB): ${describeRuns(idle)}`);
      log(`idle RSS, seeded with ${ENDPOINTS} endpoints (MB): ${describeRuns(seededIdle)}`);
      log(
        `RSS after endpoints.list (MB): ${describeRuns(serving)}; response ${seeded[0]!.responseMb.toFixed(2)} MB`,
      );
      const round = (x: number) => Math.round(x * 10) / 10;
      return {
        'agent.rss_mb': round(spread(idle).median),
        'agent.rss_seeded_mb': round(spread(seededIdle).median),
        'agent.rss_serving_mb': round(spread(serving).median),
        'agent.response_mb': Math.round(seeded[0]!.responseMb * 100) / 100,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
