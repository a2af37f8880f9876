import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalKey } from '../../electron/base/natural-compare';

const sorted = (xs: string[]) => [...xs].sort(naturalCompare);

describe('naturalCompare', () => {
  it('orders numbered node names by number, not by text', () => {
    expect(sorted(['sim-10', 'sim-2', 'sim-1', 'sim-100', 'sim-11'])).toEqual([
      'sim-1',
      'sim-2',
      'sim-10',
      'sim-11',
      'sim-100',
    ]);
  });

  it('orders dotted addresses octet by octet', () => {
    expect(sorted(['10.0.0.10', '10.0.0.9', '10.0.1.1', '9.255.0.1'])).toEqual([
      '9.255.0.1',
      '10.0.0.9',
      '10.0.0.10',
      '10.0.1.1',
    ]);
  });

  it('compares every digit run, zero-padded or not, and ignores case', () => {
    expect(sorted(['aks-np2-00010', 'AKS-np1-00012', 'aks-np1-00003', 'aks-np10-1'])).toEqual([
      'aks-np1-00003',
      'AKS-np1-00012',
      'aks-np2-00010',
      'aks-np10-1',
    ]);
    expect(sorted(['win-node.2.corp', 'win-node.10.corp', 'win-node.1.corp'])).toEqual([
      'win-node.1.corp',
      'win-node.2.corp',
      'win-node.10.corp',
    ]);
  });

  it('puts a prefix first and numbers before letters; equal keys tie by text, so the order is total', () => {
    expect(sorted(['node', 'node1', 'nodea'])).toEqual(['node', 'node1', 'nodea']);
    expect(naturalCompare('sim-02', 'sim-2')).not.toBe(0);
    expect(naturalCompare('sim-2', 'sim-02')).toBe(-naturalCompare('sim-02', 'sim-2'));
    expect(naturalCompare('x', 'x')).toBe(0);
  });

  it('has a key whose plain string order is the same order', () => {
    const names = ['k8s://win-10', 'k8s://win-9', 'local', 'sim-2', 'sim-10', 'Sim-3', '10.0.0.2'];
    const byKey = [...names].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : 1));
    expect(byKey).toEqual(sorted(names));
  });
});
