import { describe, expect, it } from 'vitest';
import {
  addressListsOverlap,
  ipInList,
  portInSpecs,
  portListsOverlap,
  sidMatches,
} from '../../electron/core/flow/match';

describe('flow matching primitives', () => {
  it('matches IPv4 addresses and prefixes, never IPv6', () => {
    expect(ipInList('10.0.3.4', ['10.0.0.0/16'])).toBe('10.0.0.0/16');
    expect(ipInList('10.1.3.4', ['10.0.0.0/16'])).toBeUndefined();
    expect(ipInList('10.1.3.4', ['0.0.0.0/0'])).toBe('0.0.0.0/0');
    expect(ipInList('::1', ['::1'])).toBeUndefined();
  });
  it('matches ports and ranges', () => {
    expect(portInSpecs(15001, ['15000-15010'])).toBe('15000-15010');
    expect(portInSpecs(80, ['8080'])).toBeUndefined();
  });
  it('treats empty filters as any when checking overlap', () => {
    expect(addressListsOverlap([], ['10.0.0.0/8'])).toBe(true);
    expect(addressListsOverlap(['10.0.0.0/8'], ['192.168.0.0/16'])).toBe(false);
    expect(portListsOverlap(['80'], ['70-90'])).toBe(true);
    expect(portListsOverlap(['80'], ['443'])).toBe(false);
  });
  it('matches SIDs by whole components', () => {
    expect(sidMatches('S-1-5-32-556', 'S-1-5-32')).toBe(true);
    expect(sidMatches('s-1-5-18', 'S-1-5-18')).toBe(true);
    expect(sidMatches('S-1-5-20', 'S-1-5-2')).toBe(false);
  });
});
