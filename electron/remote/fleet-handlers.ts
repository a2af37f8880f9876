import type { FleetChannel } from '../ipc/fleet-schema';
import type { Handlers, Router } from '../ipc/router';
import { Fleet, type FleetOptions } from './fleet';

// The contract's node-management channels, answered by a Fleet. Typed from the contract: a channel
// whose input or output changes there no longer compiles here until this table agrees.

export type FleetHandlers = Pick<Handlers, FleetChannel>;

export function fleetHandlers(fleet: Fleet): FleetHandlers {
  return {
    'nodes.list': () => fleet.list(),
    'nodes.discover': () => fleet.discover(),
    'nodes.add': ({ target }) => fleet.add(target),
    'nodes.connect': ({ node }) => fleet.connect(node),
    'nodes.pinHostKey': ({ node, fingerprint }) => fleet.pinHostKey(node, fingerprint),
    'nodes.route': ({ node, channel, input }) => fleet.route(node, channel, input),
    'fleet.endpoints': ({ nodes }) => fleet.endpoints(nodes),
    'fleet.diagnose': ({ nodes }) => fleet.diagnose(nodes),
    'fleet.watch': (input) => fleet.watch(input),
    'fleet.apply': ({ targets, policy }) => fleet.apply(targets, policy),
  };
}

/**
 * What a GUI host (Electron main, the harness) gives createAppCore as `hostHandlers`: a Fleet whose
 * local node is the core's own router, its handlers, and its clean-up.
 */
export function fleetHost(options: Omit<FleetOptions, 'local'>, onFleet?: (fleet: Fleet) => void) {
  return (local: Router) => {
    const fleet = new Fleet({ ...options, local });
    onFleet?.(fleet);
    return { handlers: fleetHandlers(fleet), close: () => fleet.close() };
  };
}
