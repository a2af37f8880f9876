import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { WatchEvent } from '../../electron/core/watch/event-schema';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { AGENT_NAMESPACE } from '../../electron/remote/kube-constants';
import { serveAgentOverExec } from '../support/exec-agent';
import { startFakeKube, type ExecIo, type FakeKube } from '../support/fake-kube-apiserver';
import { ok } from '../support/result';

// watch --node k8s://… through the exec WebSocket of a local TLS stand-in for the API server, the
// agent (serveAgent on a simulated node) behind it: the long poll's events arrive as on SSH.

const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const TOKEN = 'test-token-0123456789';

let fake: FakeKube | undefined;
let core: AppCore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fake?.stop();
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fake = core = dir = undefined;
});

const agentBehind = (io: ExecIo) => serveAgentOverExec(core as AppCore, io);

describe('watch over the Kubernetes transport', { timeout: 180_000 }, () => {
  it('watch --node k8s://win-1 --json: the watching line, then the change made on the node', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hcn-watch-kube-'));
    core = await createAppCore({ backend: 'simulated', journalPath: join(dir, 'journal.jsonl') });
    fake = await startFakeKube({
      token: TOKEN,
      nodes: [{ name: 'win-1', os: 'windows' }],
      pods: [
        {
          name: 'agent-x1',
          namespace: AGENT_NAMESPACE,
          nodeName: 'win-1',
          labels: { 'app.kubernetes.io/name': 'hcnproxyctl-agent' },
          phase: 'Running',
        },
      ],
      protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
      onExec: (_r, io) => void agentBehind(io),
    });
    const kubeconfig = fake.writeKubeconfig('kubeconfig');
    const lines: string[] = [];
    let acting: Promise<void> | undefined;
    const stop = new AbortController();
    const code = await runCli(
      [
        'watch',
        '--json',
        '--interval',
        '0.2',
        '--events',
        '1',
        '--node',
        'k8s://win-1',
        '--kubeconfig',
        kubeconfig,
      ],
      {
        stdout: (t) => {
          lines.push(t);
          if (lines.length === 1)
            acting = (async () => {
              ok(
                await core!.route('policies.add', {
                  endpointId: API,
                  policy: { inboundProxyPort: 15006, outboundProxyPort: 15001 },
                }),
              );
            })().catch((e: unknown) => {
              stop.abort();
              throw e;
            });
        },
        stderr: () => undefined,
      },
      { signal: stop.signal },
    );
    await acting;
    expect(code).toBe(0);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ type: 'watching' });
    const e = second as unknown as WatchEvent;
    expect([e.seq, e.type, e.endpoint.id, e.policy?.summary, e.by?.kind]).toEqual([
      1,
      'policy-added',
      API,
      'inbound → 15006, outbound → 15001',
      'app',
    ]);
  });
});
