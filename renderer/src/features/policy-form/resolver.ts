import type { FieldError, FieldErrors, Resolver } from 'react-hook-form';
import type { FieldIssue } from '../../../../electron/base/app-error';
import type { ProxyPolicy } from '../../../../electron/core/policy/model';
import { validateProxyPolicy } from '../../../../electron/core/policy/validate';
import { toLooseInput, type PolicyFormValues, type PolicySetValues } from './form-values';

// Not @hookform/resolvers/zod: the contract's ProxyPolicyInputSchema is a typed transform
// around validateProxyPolicy, so calling that function directly gives the very same issues (field
// path, code, message) main returns, without zod's transform wrapper in between.

/** FieldIssue[] → RHF's nested error object; the first issue per field wins (as main's `field`). */
export function issuesToErrors(issues: FieldIssue[], prefix = ''): FieldErrors<PolicyFormValues> {
  const errors: Record<string, unknown> = {};
  for (const i of issues) {
    const path = (
      prefix && i.field.startsWith(`${prefix}.`) ? i.field.slice(prefix.length + 1) : i.field
    ).split('.');
    let node = errors;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    const leaf = path[path.length - 1]!;
    if (!node[leaf]) node[leaf] = { type: i.code, message: i.message } satisfies FieldError;
  }
  return errors as FieldErrors<PolicyFormValues>;
}

export const policyResolver: Resolver<PolicyFormValues, unknown, ProxyPolicy> = async (values) => {
  const r = validateProxyPolicy(toLooseInput(values));
  if (r.ok) return { values: r.value, errors: {} };
  return { values: {}, errors: issuesToErrors(r.issues) };
};

/** Every policy of the set validated as main validates it; errors under policies.<i>.<field>. */
export const policySetResolver: Resolver<PolicySetValues, unknown, ProxyPolicy[]> = async (values) => {
  const out: ProxyPolicy[] = [];
  const errors: FieldErrors<PolicyFormValues>[] = [];
  values.policies.forEach((v, i) => {
    const r = validateProxyPolicy(toLooseInput(v));
    if (r.ok) out[i] = r.value;
    else errors[i] = issuesToErrors(r.issues);
  });
  if (errors.length === 0) return { values: out, errors: {} };
  return { values: {}, errors: { policies: errors } as FieldErrors<PolicySetValues> };
};

/**
 * Main's field path for a policy of the set ("policy.inboundProxyPort" from policies.add and
 * applyToMany, "policies.1.inboundProxyPort" from applySet) → the form's, or undefined when the
 * issue is not about a policy field.
 */
export function formFieldOf(field: string): string | undefined {
  const one = /^policy\.(.+)$/.exec(field);
  if (one) return `policies.0.${one[1]}`;
  return /^policies\.\d+\..+$/.test(field) ? field : undefined;
}
