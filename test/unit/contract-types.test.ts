// Type-level guard: the renderer's API type is derived from the contract, never kept by hand.
// If someone edits a schema, these types move with it; if someone hand-writes RendererApi, this breaks.
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Result } from '../../electron/base/app-error';
import type { ProxyPolicy, ProxyPolicyInput } from '../../electron/core/policy/model';
import {
  buildApi,
  contract,
  type Channel,
  type Input,
  type Output,
  type RendererApi,
  type WindowInput,
} from '../../electron/ipc/contract';
import type { api as rendererApi } from '../../renderer/src/api';

type C = typeof contract;

describe('RendererApi is derived from the contract', () => {
  it('api.policies.add takes z.input of its schema and resolves to Result<z.output>', () => {
    type Add = RendererApi['policies']['add'];
    expectTypeOf<Parameters<Add>[0]>().toEqualTypeOf<z.input<C['policies.add']['input']>>();
    expectTypeOf<Awaited<ReturnType<Add>>>().toEqualTypeOf<Result<z.output<C['policies.add']['output']>>>();
  });

  it('the policy input is typed: a policy that is not an object does not type-check', () => {
    type AddIn = Parameters<RendererApi['policies']['add']>[0];
    type BulkIn = Parameters<RendererApi['policies']['applyToMany']>[0];
    const id = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
    // @ts-expect-error: 42 is not a policy (it was, while the schema's input was `unknown`).
    const bad: AddIn = { endpointId: id, policy: 42 };
    // @ts-expect-error: nor is a string, for the bulk channel.
    const badBulk: BulkIn = { endpointIds: [id], policy: 'port 8080' };
    // @ts-expect-error: an unknown field is refused by the type as it is by validate.ts.
    const badField: AddIn = { endpointId: id, policy: { inboundProxyPort: 15001, bogus: 1 } };
    // Loose text (the form, the CLI) and a validated ProxyPolicy are both accepted.
    const loose: AddIn = { endpointId: id, policy: { inboundProxyPort: '15001', localPorts: '80, 443' } };
    const strict: BulkIn = { endpointIds: [id], policy: {} as ProxyPolicy };
    expectTypeOf<AddIn['policy']>().toEqualTypeOf<ProxyPolicyInput>();
    expectTypeOf<BulkIn['policy']>().toEqualTypeOf<ProxyPolicyInput>();
    void [bad, badBulk, badField, loose, strict];
  });

  it('the window takes the window rules where a channel has them (settings.set), the contract input elsewhere', () => {
    expectTypeOf<Parameters<RendererApi['settings']['set']>[0]>().toEqualTypeOf<
      WindowInput<'settings.set'>
    >();
    expectTypeOf<WindowInput<'settings.set'>>().not.toEqualTypeOf<Input<'settings.set'>>();
    expectTypeOf<WindowInput<'policies.add'>>().toEqualTypeOf<Input<'policies.add'>>();
  });

  it('defaults are optional for the caller (z.input), present for the handler (z.output)', () => {
    type ClearIn = Parameters<RendererApi['policies']['clear']>[0];
    expectTypeOf<ClearIn>().toEqualTypeOf<z.input<C['policies.clear']['input']>>();
    expectTypeOf<{ endpointId: string }>().toExtend<ClearIn>();
    expectTypeOf<ClearIn['includeForeign']>().toEqualTypeOf<boolean | undefined>();
  });

  it('every channel has exactly one method, with the contract types', () => {
    type MethodOf<K extends Channel> = K extends `${infer G}.${infer M}`
      ? G extends keyof RendererApi
        ? M extends keyof RendererApi[G]
          ? RendererApi[G][M]
          : never
        : never
      : never;
    type Expected<K extends Channel> = (input: WindowInput<K>) => Promise<Result<Output<K>>>;
    type AllMatch = {
      [K in Channel]: MethodOf<K> extends Expected<K>
        ? Expected<K> extends MethodOf<K>
          ? true
          : false
        : false;
    };
    expectTypeOf<AllMatch[Channel]>().toEqualTypeOf<true>();

    // No method without a channel: the flattened "group.method" keys equal the channel union.
    type Flat = {
      [G in keyof RendererApi & string]: `${G}.${keyof RendererApi[G] & string}`;
    }[keyof RendererApi & string];
    expectTypeOf<Flat>().toEqualTypeOf<Channel>();
  });

  it('a few concrete spots, so a broken derivation cannot collapse everything to any', () => {
    expectTypeOf<RendererApi>().not.toBeAny();
    expectTypeOf<Parameters<RendererApi['endpoints']['get']>[0]>().toEqualTypeOf<{ endpointId: string }>();
    expectTypeOf<Awaited<ReturnType<RendererApi['app']['restartElevated']>>>().toEqualTypeOf<
      Result<{ started: boolean }>
    >();
    // @ts-expect-error: channels that are not in the contract do not exist on the API.
    type _Missing = RendererApi['endpoints']['nuke'];
  });

  it('buildApi and the renderer use that same type', () => {
    expectTypeOf(buildApi).returns.toEqualTypeOf<RendererApi>();
    expectTypeOf<typeof rendererApi>().toEqualTypeOf<RendererApi>();
  });
});
