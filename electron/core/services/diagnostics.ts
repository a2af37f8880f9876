import type { HnsClient } from '../../../native/hns-client';
import { endpointId as endpointIdOf, type HnsVersion } from '../../../native/hns-json';
import { diagnose, toReport, type DiagnoseInput } from '../diagnostics';
import { explainFlow } from '../flow/explain';
import { NodeStateReader } from './node-state';
import type { DiagnosticsReport, Flow, FlowExplanation, JournalEntry } from '../views';

// The diagnostics service: gathers HNS state + journal, hands plain data to the pure engine.
// Typed structurally (not AppContext) so the CLI and tests can pass just what is needed.

export interface DiagnosticsDeps {
  hns: HnsClient;
  /** The app's journal (read-back mismatches live there); absent → no journal rules. */
  journal?: { all(): Promise<JournalEntry[]> };
  knownProxySids?: string[];
  /** Shares the node read with the endpoint list (the app); the CLI reads directly. */
  nodeState?: NodeStateReader;
}

async function versionOrNull(hns: HnsClient): Promise<HnsVersion | null> {
  try {
    return await hns.getVersion();
  } catch {
    // Pre-1803 hosts and some snapshots have no version; the version rule then stays silent.
    return null;
  }
}

/** The whole node, through the shared reader when the caller has one (one walk per refresh / command). */
function readNode(deps: DiagnosticsDeps) {
  return (deps.nodeState ?? new NodeStateReader()).read(deps.hns);
}

async function gather(deps: DiagnosticsDeps): Promise<DiagnoseInput> {
  const [{ endpoints, networks, namespaces }, hnsVersion, journal] = await Promise.all([
    readNode(deps),
    versionOrNull(deps.hns),
    deps.journal ? deps.journal.all() : Promise.resolve([]),
  ]);
  return { endpoints, networks, namespaces, hnsVersion, journal, knownProxySids: deps.knownProxySids };
}

export async function diagnoseAll(deps: DiagnosticsDeps): Promise<DiagnosticsReport> {
  const input = await gather(deps);
  return toReport(diagnose(input), input.endpoints.length);
}

export async function diagnoseEndpoint(
  deps: DiagnosticsDeps,
  endpointId: string,
): Promise<DiagnosticsReport> {
  // Opening it first turns a wrong id into HNS's own not-found error, not an empty report; and the
  // fresh copy replaces the (possibly seconds old) one from the shared node read.
  const fresh = await deps.hns.getEndpoint(endpointId);
  const input = await gather(deps);
  input.endpoints = input.endpoints.map((e) => (endpointIdOf(e) === endpointId ? fresh : e));
  return toReport(diagnose(input, endpointId), 1);
}

export async function explainEndpointFlow(
  deps: DiagnosticsDeps,
  endpointId: string,
  flow: Flow,
): Promise<FlowExplanation> {
  return explainFlow(await deps.hns.getEndpoint(endpointId), flow);
}
