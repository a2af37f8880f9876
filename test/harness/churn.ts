import { ProxyPolicyInputSchema } from '../../electron/core/policy/schema';
import { toHns } from '../../electron/core/policy/hns-mapping';
import { MESH_PRESETS } from '../../electron/core/mesh/presets';
import type { EndpointPolicy } from '../../native/hns-json';
import type { HnsClient } from '../../native/hns-client';

// `--churn N`: a simulated mesh CNI writing to the simulated HNS behind the app's back (no journal),
// so `watch` and the Activity panel have someone else's changes to show. Each step either enrols a
// pod (creates its endpoint, then adds one configuration of a known mesh writer, as a CNI plug-in and
// the mesh's CNI do one after the other) or removes the oldest pod it enrolled (deletes the endpoint).
// The configurations are the profile table's (electron/core/mesh/profiles.ts), TCP ones only.

/** UserSID for writers that take it from their config: a made-up account SID. */
const CHURN_SID = 'S-1-5-21-1000-1000-1000-1337';
/** Pods kept enrolled at most: beyond it every step removes one. */
const MAX_PODS = 8;

export interface Churn {
  /** One enrol or removal now: what it did, in a few words. */
  step(): Promise<string>;
  /** Steps `perMinute` times a minute until stopped. */
  start(perMinute: number): void;
  stop(): void;
}

/** The writable configurations, each as the HNS policies its writer adds. */
function configurations(): Array<{ owner: string; policies: EndpointPolicy[] }> {
  return MESH_PRESETS.filter((p) => !p.unavailable).map((p) => ({
    owner: p.label,
    policies: p.policies.map(({ policy }) =>
      toHns(ProxyPolicyInputSchema.parse({ ...policy, userSid: policy.userSid ?? CHURN_SID })),
    ),
  }));
}

export function createChurn(hns: HnsClient): Churn {
  const configs = configurations();
  const enrolled: string[] = [];
  let n = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const step = async (): Promise<string> => {
    // Enrol while there is room, remove every third step, so pods come and go at a steady count.
    n++;
    if (enrolled.length >= MAX_PODS || (enrolled.length > 0 && n % 3 === 0)) {
      const id = enrolled.shift()!;
      await hns.deleteEndpoint(id).catch(() => undefined); // deleted meanwhile (the user): fine
      return `removed endpoint ${id}`;
    }
    const networks = await hns.listNetworks();
    const net = networks[0];
    if (!net) return 'no network to enrol a pod on';
    const name = `churn-${n.toString(36)}_eth0`;
    const ep = await hns.createEndpoint(net.ID, { Name: name, SchemaVersion: { Major: 2, Minor: 0 } });
    enrolled.push(ep.ID);
    const config = configs[n % configs.length]!;
    await hns.modifyEndpoint(ep.ID, {
      ResourceType: 'Policy',
      RequestType: 'Add',
      Settings: { Policies: config.policies },
    });
    return `enrolled ${name} with ${config.owner}`;
  };
  return {
    step,
    start(perMinute) {
      timer ??= setInterval(() => void step().catch(() => undefined), 60_000 / perMinute);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
