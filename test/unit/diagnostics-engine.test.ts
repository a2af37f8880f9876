import { describe, expect, it } from 'vitest';
import { diagnose, toReport } from '../../electron/core/diagnostics';
import { DiagnosticsReportSchema } from '../../electron/core/views';
import { bent, endpoint, input, proxy } from '../support/diagnostics-input';

describe('diagnostics engine', () => {
  it('orders errors before warnings and counts them in the report', () => {
    const i = input([endpoint([proxy(bent((s) => (delete s.UserSID, delete s.InboundProxyPort)))])]);
    const f = diagnose(i);
    expect(f.map((x) => [x.id, x.severity])).toEqual([
      ['proxy.no-user-sid', 'error'],
      ['proxy.one-direction', 'warning'],
    ]);
    const r = toReport(f, 1);
    expect(DiagnosticsReportSchema.parse(r).counts).toEqual({ error: 1, warning: 1, info: 0 });
  });

  it('reads v1 (Get-HnsEndpoint) flat policies, with Type beside the settings', () => {
    const flat = { Type: 'L4WFPPROXY', ...bent((s) => delete s.UserSID) };
    expect(diagnose(input([endpoint([flat])])).map((x) => x.id)).toEqual(['proxy.no-user-sid']);
  });

  it('restricts endpoint rules to one endpoint but keeps node findings', () => {
    const other = {
      ...endpoint([proxy(bent((s) => delete s.UserSID))]),
      ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    };
    const i = input([endpoint(), other], { hnsVersion: { major: 12, minor: 0 } });
    expect(diagnose(i, '5E6F7081-92A3-4B4C-8D5E-6F708192A3B4').map((x) => x.id)).toEqual([
      'node.hns-too-old',
    ]);
    expect(diagnose(i).map((x) => x.id)).toContain('proxy.no-user-sid');
  });

  it('names the policy index and keeps the raw policy as evidence', () => {
    const bad = proxy(bent((s) => (s.FilterTuple = { Protocols: '17', Priority: 3 })));
    const [f] = diagnose(
      input([endpoint([proxy(bent((s) => (s.FilterTuple = { Protocols: '6', Priority: 9 }))), bad])]),
    ).filter((x) => x.id === 'proxy.non-tcp');
    expect(f?.policyIndex).toBe(1);
    expect(f?.evidence.policy).toEqual(bad);
    expect(f?.endpointId).toBe('5e6f7081-92a3-4b4c-8d5e-6f708192a3b4');
  });
});
