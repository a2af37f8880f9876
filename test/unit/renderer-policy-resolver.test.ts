import { describe, expect, it } from 'vitest';
import { createRouter } from '../../electron/ipc/router';
import type { Handlers } from '../../electron/ipc/router';
import {
  EMPTY_FORM,
  fromPolicy,
  toLooseInput,
  type PolicyFormValues,
} from '../../renderer/src/features/policy-form/form-values';
import { MESH_PRESETS } from '../../electron/core/mesh/presets';
import {
  formFieldOf,
  issuesToErrors,
  policyResolver,
  policySetResolver,
} from '../../renderer/src/features/policy-form/resolver';

// The form's errors must be main's errors: same field, same message, for the same input.

const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const router = createRouter({ 'policies.add': async () => ({}) } as unknown as Handlers);

async function formErrors(v: PolicyFormValues) {
  const r = await policyResolver(v, undefined, { fields: {}, shouldUseNativeValidation: false });
  return r.errors as Record<string, unknown>;
}

async function mainIssues(v: PolicyFormValues) {
  const r = await router('policies.add', { endpointId: EP, policy: toLooseInput(v) });
  return r.ok ? [] : (r.error.issues ?? []);
}

const leaf = (errors: Record<string, unknown>, path: string) =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], errors) as
    { message: string; type: string } | undefined;

const bad: [string, Partial<PolicyFormValues>][] = [
  ['port out of range', { inboundProxyPort: '70000' }],
  ['port not a number', { outboundProxyPort: 'abc' }],
  ['no port at all', { inboundProxyPort: '', outboundProxyPort: '' }],
  ['bad SID', { userSid: 'S-1-x' }],
  ['IPv6 filter', { remoteAddresses: 'fe80::1' }],
  ['bad prefix', { localAddresses: '10.0.0.0/40' }],
  ['range backwards', { remotePorts: '9000-8000' }],
  ['priority too big', { priority: '70000' }],
  ['bad exception IP', { inboundExceptions: { ipAddresses: '1.2.3', ports: '' } }],
  ['bad exception port', { outboundExceptions: { ipAddresses: '', ports: '0' } }],
];

describe('add-policy form resolver', () => {
  it.each(bad)('%s: same field and message as main', async (_name, patch) => {
    const v = { ...fromPolicy(MESH_PRESETS[0]!.policies[0]!.policy), ...patch } as PolicyFormValues;
    const issues = await mainIssues(v);
    expect(issues.length).toBeGreaterThan(0);
    const errors = await formErrors(v);
    for (const i of issues) {
      const field = i.field.replace(/^policy\./, '');
      expect(leaf(errors, field)?.message, field).toBeDefined();
      // First issue per field wins in the form; main lists them all.
      const firstForField = issues.find((x) => x.field === i.field)!;
      expect(leaf(errors, field)).toEqual({ type: firstForField.code, message: firstForField.message });
    }
  });

  it('every writable preset is valid and resolves to the policies main accepts', async () => {
    for (const p of MESH_PRESETS.filter((x) => !x.unavailable)) {
      const policies = p.policies.map((x) => ({ ...EMPTY_FORM, ...fromPolicy(x.policy) }));
      const r = await policySetResolver({ policies }, undefined, {
        fields: {},
        shouldUseNativeValidation: false,
      });
      expect(r.errors, p.id).toEqual({});
      expect(r.values).toHaveLength(p.policies.length);
      for (const v of policies) expect(await mainIssues(v)).toEqual([]);
    }
  });

  it("a set reports each policy's errors under its own index", async () => {
    const good = { ...EMPTY_FORM, inboundProxyPort: '15008', outboundProxyPort: '15001' };
    const r = await policySetResolver(
      { policies: [good, { ...good, outboundProxyPort: '70000' }] },
      undefined,
      { fields: {}, shouldUseNativeValidation: false },
    );
    const errs = r.errors as { policies: Array<Record<string, unknown> | undefined> };
    expect(errs.policies[0]).toBeUndefined();
    expect(leaf(errs.policies[1]!, 'outboundProxyPort')?.type).toBe('port.range');
  });

  it("puts main's issues of policies.add/applyToMany on policy 1 and applySet's on their own policy", () => {
    expect(formFieldOf('policy.inboundProxyPort')).toBe('policies.0.inboundProxyPort');
    expect(formFieldOf('policies.1.inboundExceptions.ports')).toBe('policies.1.inboundExceptions.ports');
    expect(formFieldOf('endpointIds')).toBeUndefined();
  });

  it('maps main-side issues prefixed with policy. onto form fields', () => {
    const e = issuesToErrors(
      [{ field: 'policy.inboundExceptions.ports', code: 'port.range', message: 'm' }],
      'policy',
    );
    expect(leaf(e as Record<string, unknown>, 'inboundExceptions.ports')).toEqual({
      type: 'port.range',
      message: 'm',
    });
  });
});
