// The client side of remote nodes, for the GUI's node switcher / fleet view and the harness's --fleet:
//
//   const router = new RemoteRouter(connectorFor({ target: parseNodeTarget('ssh://admin@node1') }));
//   router.onState((s) => ...);                 // connecting | connected (handshake: HNS, OS) | unreachable
//   const r = await router.route('endpoints.list', {});  // the contract's channels, the router's Result
//
//   // a simulated fleet: N nodes behind the same protocol over in-process pipes
//   const { connection } = await connectInProcess((await createAppCore({ backend: 'simulated' })).route,
//     { label: 'sim-1', roundTripMs: 20 });
//   new RemoteRouter({ label: 'sim-1', connect: async () => connection });
//
// Every change goes to the node's own agent and journal; undo (policies.restore) is per node. Host keys
// for the GUI: probeHostKey (./ssh-transport) shows the fingerprint; pinHostKey (./known-hosts) after
// the user confirms. Kubernetes nodes for the switcher: listWindowsNodes (./kube-transport). Those two
// modules load ssh2 / client-node, so they are imported where used, not here.
export {
  AgentConnection,
  ConnectionLostError,
  type AgentStreams,
  type ConnectionOptions,
  type LostRequest,
  type RemoteExit,
} from './agent-client';
export { buildHandshake, serveAgent } from './agent-server';
export { connectorFor, type RemoteSpec } from './connector';
export { connectInProcess, type InProcessAgent, type InProcessOptions } from './in-process';
export { fingerprint, pinHostKey, defaultKnownHostsFile } from './known-hosts';
export { parseNodeTarget, type NodeTarget } from './node-target';
export { PROTOCOL_VERSION, type Handshake, type RequestStatus } from './protocol';
export {
  RemoteRouter,
  settleLost,
  describeLost,
  type Connector,
  type LostOutcome,
  type NodeState,
} from './remote-router';
export { RequestLedger } from './request-ledger';
