import { getKey, jsonEqual } from '../../../native/hns-json';
import { readProxySettings } from '../diagnostics/proxy-settings';
import { groupPolicies } from '../mesh/match';
import type { MeshProfile } from '../mesh/profiles';

// Who owns an L4WFPPROXY policy this app did not add? HNS records no owner, so the answer comes
// from one place: the sourced table of public writers (electron/core/mesh/profiles.ts,
// docs/mesh-profiles.md). A policy that fits a writer's profile is that writer's: it will re-create
// or depend on it, so clear keeps it unless the user says includeForeign. Ownership follows the
// writer's whole set (Istio ambient's HBONE and plaintext policies are both Istio's). A policy this
// app's journal added is always ours, whatever its ports.

/** Each recognised writer's set on the endpoint (indexes in L4WFPPROXY order), minus what this app added. */
export function ownedSets(
  rawProxyPolicies: unknown[],
  added: unknown[],
): { profile: MeshProfile; indexes: number[]; duplicates: number[] }[] {
  const parsed = rawProxyPolicies.map((raw, i) => readProxySettings(raw, i));
  const ours = (i: number) => addedByUs(rawProxyPolicies[i], added);
  return groupPolicies(parsed)
    .filter((g) => g.profile)
    .map((g) => ({
      profile: g.profile as MeshProfile,
      indexes: g.indexes.filter((i) => !ours(i)),
      duplicates: g.duplicates.filter((i) => !ours(i)),
    }))
    .filter((g) => g.indexes.length > 0);
}

/** Owner label per policy (in the endpoint's L4WFPPROXY order); undefined = not a known writer's. */
export function ownersOf(rawProxyPolicies: unknown[], added: unknown[]): (string | undefined)[] {
  const owners: (string | undefined)[] = rawProxyPolicies.map(() => undefined);
  for (const g of ownedSets(rawProxyPolicies, added)) {
    for (const i of g.indexes) owners[i] = g.profile.owner;
  }
  return owners;
}

/** True when the journal shows this app added exactly these settings. */
export function addedByUs(raw: unknown, added: unknown[]): boolean {
  const settings = getKey(raw, 'Settings');
  return added.some((a) => jsonEqual(getKey(a, 'Settings'), settings));
}
