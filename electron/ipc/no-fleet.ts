import { AppFailure } from '../base/app-error';
import { FLEET_CHANNELS, type FleetChannel } from './fleet-schema';

/** Without a node manager (the CLI, an agent): node management belongs to the GUI's main process. */
export function noFleetHandlers(): Record<FleetChannel, () => Promise<never>> {
  const refuse = async (): Promise<never> => {
    throw new AppFailure({
      code: 'forbidden',
      message: 'Node management runs in the GUI; this process manages its own node only.',
    });
  };
  return Object.fromEntries(FLEET_CHANNELS.map((c) => [c, refuse])) as Record<
    FleetChannel,
    () => Promise<never>
  >;
}
