import { AppFailure } from '../app-error';
import type { AppContext } from '../services/context';
import type { LookupResult } from '../views';

export interface LookupInput {
  containerId: string;
  runtimeEndpoint?: string;
  docker?: boolean | string;
}

export async function lookupContainer(_ctx: AppContext, _input: LookupInput): Promise<LookupResult> {
  throw new AppFailure({ code: 'not-implemented', message: 'Container lookup is not available yet.' });
}
