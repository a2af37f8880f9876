import { getKey, jsonEqual } from '../../../native/hns-json';
import { readProxySettings } from '../diagnostics/proxy-settings';
import { groupPolicies } from '../mesh/match';

// Who owns an L4WFPPROXY policy this app did not add? HNS records no owner, so the answer comes
// from one place: the sourced table of public writers (electron/core/mesh/profiles.ts,
// docs/mesh-profiles.md). A policy that fits a writer's profile is that writer's: it will re-create
// or depend on it, so clear keeps it unless the user says includeForeign. Ownership follows the
// writer's whole set (Istio ambient's HBONE and plaintext policies are both Istio's). A policy this
// app's journal added is always ours, whatever its ports.

/** Owner label per policy (in the endpoint's L4WFPPROXY order); undefined = not a known writer's. */
export function ownersOf(rawProxyPolicies: unknown[], added: unknown[]): (string | undefined)[] {
  const parsed = rawProxyPolicies.map((raw, i) => readProxySettings(raw, i));
  const owners: (string | undefined)[] = parsed.map(() => undefined);
  for (const g of groupPolicies(parsed)) {
    if (!g.profile) continue;
    for (const i of g.indexes) owners[i] = g.profile.owner;
  }
  return owners.map((o, i) => (addedByUs(rawProxyPolicies[i], added) ? undefined : o));
}

/** True when the journal shows this app added exactly these settings. */
export function addedByUs(raw: unknown, added: unknown[]): boolean {
  const settings = getKey(raw, 'Settings');
  return added.some((a) => jsonEqual(getKey(a, 'Settings'), settings));
}
