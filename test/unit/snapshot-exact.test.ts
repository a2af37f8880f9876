import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedHns } from '../../native/simulated-hns';
import { serializeSnapshot } from '../../native/snapshot/app-format';
import { EXACT_KEY, parseExact, stringifyExact } from '../../native/snapshot/exact-json';
import { applyVersionOverride, parseSnapshot } from '../../native/snapshot/parse';
import { persistOnChange } from '../../native/snapshot/persist';
import { ok } from '../support/result';
import { tempCore } from '../support/temp-core';

// Snapshots stay exact: HNS's 64-bit integers (a FILETIME LastUpdateTime) survive open → change →
// persist digit for digit, and a version the app inferred is saved as inferred, not as captured.

const EP = '3f2d9c41-8a7b-4e2f-9c1d-5b6a7e8f9012';
/** Get-HnsEndpoint | ConvertTo-Json (v1 names) with a flat L4WFPPROXY policy; composed, not captured. */
const V1_CAPTURE = `[
  {
    "ID": "${EP}",
    "Name": "web-0_eth0",
    "VirtualNetwork": "2a3b4c5d-6e7f-4081-9223-344556677889",
    "VirtualNetworkName": "Calico",
    "IPAddress": "10.240.2.7",
    "PrefixLength": 24,
    "LastUpdateTime": 132695159565324289,
    "Resources": { "AllocationOrder": 2, "ID": "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
    "Policies": [
      { "Type": "L4WFPPROXY", "InboundProxyPort": "15006", "OutboundProxyPort": "15001", "UserSID": "S-1-5-32-556", "FilterTuple": { "Protocols": "6" } }
    ]
  }
]`;

describe('integers beyond 2^53', () => {
  it('parseExact keeps every digit; stringifyExact writes them back; everything else is JSON.parse/stringify', () => {
    const text =
      '{"a":132695159565324289,"b":-9007199254740993,"c":9007199254740991,"d":1.5,"e":"132695159565324289","f":[1e+300]}';
    const v = parseExact(text) as Record<string, unknown>;
    expect(v.a).toEqual({ [EXACT_KEY]: '132695159565324289' });
    expect(v.b).toEqual({ [EXACT_KEY]: '-9007199254740993' });
    expect(v.c).toBe(9007199254740991);
    expect(v.e).toBe('132695159565324289');
    expect(stringifyExact(v, 0)).toBe(text);
    expect(stringifyExact(JSON.parse(text.replace(/1325.{14}(?=,"b")/, '1')), 2)).toBe(
      JSON.stringify(JSON.parse(text.replace(/1325.{14}(?=,"b")/, '1')), null, 2),
    );
  });

  it('a string that spells the internal tag is data, not a number', () => {
    const text = '{"s":"\\u0000exact:1","n":132695159565324289}';
    const v = parseExact(text) as Record<string, unknown>;
    expect(v.s).toBe('\u0000exact:1');
    expect(v.n).toEqual({ [EXACT_KEY]: '132695159565324289' });
  });

  it('a v1 capture → app snapshot → reopened → saved again is byte for byte the same file', () => {
    const first = parseSnapshot(Buffer.from(V1_CAPTURE), 'node.json');
    expect(first.state.endpoints[0]?.LastUpdateTime).toEqual({ [EXACT_KEY]: '132695159565324289' });
    const meta = {
      source: { backend: 'snapshot', description: 'node.json' },
      capturedAt: '2026-12-08T02:00:00.000Z',
    };
    const saved = serializeSnapshot(first.state, meta);
    expect(saved).toContain('"LastUpdateTime": 132695159565324289,');
    const reopened = parseSnapshot(Buffer.from(saved), 'saved.json');
    expect(serializeSnapshot(reopened.state, meta)).toBe(saved);
  });
});

describe('inferred facts are saved as inferred', () => {
  it('--persist of a capture whose version was inferred writes hnsVersionSource "inferred"; reopening keeps it inferred', async () => {
    const parsed = applyVersionOverride(parseSnapshot(Buffer.from(V1_CAPTURE), 'node.json'), undefined, '');
    expect(parsed.versionSource).toBe('inferred');
    const sim = new SimulatedHns(parsed.state, { description: 'test', versionNote: parsed.versionNote });
    const file = join(mkdtempSync(join(tmpdir(), 'hcnproxy-exact-')), 'state.json');
    persistOnChange(sim, file, 'node.json');
    await sim.modifyEndpoint(EP, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: {
        Policies: [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '4143', OutboundProxyPort: '4140' } }],
      },
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"LastUpdateTime": 132695159565324289,');
    expect(JSON.parse(text)).toMatchObject({
      hnsVersion: { major: 13, minor: 2 },
      hnsVersionSource: 'inferred',
      hnsVersionNote: expect.stringMatching(/^inferred from the snapshot/),
    });
    const again = applyVersionOverride(parseSnapshot(Buffer.from(text), 'state.json'), undefined, '');
    expect(again.versionSource).toBe('inferred');
    expect(again.versionNote).toMatch(/^inferred from the snapshot/);
  });

  it('a version set by the user is saved as set; one read from HNS carries no mark', () => {
    const parsed = applyVersionOverride(
      parseSnapshot(Buffer.from(V1_CAPTURE), 'node.json'),
      { major: 15, minor: 1 },
      '--hns-version',
    );
    const setText = serializeSnapshot(parsed.state, {
      source: { backend: 'snapshot', description: 'x' },
      hnsVersion: { source: 'set', note: parsed.versionNote as string },
    });
    const reopened = applyVersionOverride(parseSnapshot(Buffer.from(setText), 's.json'), undefined, '');
    expect(reopened).toMatchObject({
      versionSource: 'set',
      versionNote: 'set with --hns-version (saved in the file)',
    });
    const read = serializeSnapshot(parsed.state, { source: { backend: 'windows', description: 'x' } });
    expect(read).not.toContain('hnsVersionSource');
    expect(parseSnapshot(Buffer.from(read), 'r.json').versionSource).toBe('file');
  });
});

describe('snapshot.export of an opened capture', () => {
  it('saves the inferred version as inferred and LastUpdateTime digit for digit', async () => {
    const { core } = await tempCore();
    ok(
      await core.route('snapshot.open', {
        fileName: 'node.json',
        contentBase64: Buffer.from(V1_CAPTURE).toString('base64'),
      }),
    );
    const { content } = ok<{ content: string }>(await core.route('snapshot.export', {}));
    expect(content).toContain('"LastUpdateTime": 132695159565324289,');
    expect(JSON.parse(content)).toMatchObject({
      hnsVersion: { major: 13, minor: 2 },
      hnsVersionSource: 'inferred',
    });
  });
});
