import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, seriousA11yViolations, useAppSession } from './support/app';

// Issue 7 item 5: a read-back mismatch in the journal (hcsshim#2571) shows, in the endpoint's
// diagnostics, the way to the HNS events — and here, off Windows, says why none can be read.

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
function seededDataDir(): { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'hcn-events-e2e-'));
  const mismatch = {
    id: 'j-mismatch-1',
    time: '2026-11-26T09:00:00.000Z',
    user: 'admin',
    machine: 'node7',
    endpointId: WEB0,
    operation: 'add',
    before: [],
    after: [],
    policies: [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '15006', OutboundProxyPort: '15001' } }],
    outcome: 'mismatch',
  };
  writeFileSync(join(dataDir, 'journal.jsonl'), JSON.stringify(mismatch) + '\n');
  return { dataDir };
}

const s = useAppSession(seededDataDir);

describe('HNS events beside a read-back mismatch', () => {
  it('shows the mismatch, the command, and why the simulator has no event log', async () => {
    await row(s.page, 'web-0_eth0').click();
    const drawer = s.page.getByRole('dialog', { name: 'web-0_eth0' });
    await drawer.getByRole('tab', { name: 'Diagnostics' }).click();
    const hint = drawer.getByTestId('hns-events-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toContain(`Where-Object Message -match '${WEB0}'`);
    const unavailable = drawer.getByTestId('hns-events-unavailable');
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toBe(
      'HNS events come from the live Windows HNS; this view is the simulated backend.',
    );
    expect(await seriousA11yViolations(s.page)).toEqual([]);
  });
});
