import { z } from 'zod';
import { canonicalGuid } from '../../../native/hns-json';
import { validateGuid, validateProxyPolicy } from './validate';
import type { ProxyPolicy, ProxyPolicyInput } from './model';

// zod faces of validate.ts: the same rules, the stable code carried in params.code.

export const ProxyExceptionsSchema = z.object({
  ipAddresses: z.array(z.string()),
  ports: z.array(z.number().int()),
});

/** A validated policy (output side: what services return and what toHns takes). */
export const ProxyPolicySchema: z.ZodType<ProxyPolicy> = z.object({
  inboundProxyPort: z.number().int().min(1).max(65535).optional(),
  outboundProxyPort: z.number().int().min(1).max(65535).optional(),
  userSid: z.string().optional(),
  localAddresses: z.array(z.string()),
  remoteAddresses: z.array(z.string()),
  localPorts: z.array(z.string()),
  remotePorts: z.array(z.string()),
  priority: z.number().int().min(0).max(65535).optional(),
  protocol: z.literal('TCP'),
  inboundExceptions: ProxyExceptionsSchema,
  outboundExceptions: ProxyExceptionsSchema,
});

/**
 * Loose policy input (strings or numbers, lists or comma text) → ProxyPolicy, or field issues.
 * validate.ts checks every byte at run time (a caller may send anything); the declared input type is
 * what callers are allowed to send, so `{ policy: 42 }` does not type-check in the renderer or the CLI.
 */
export const ProxyPolicyInputSchema = z
  .custom<ProxyPolicyInput>(() => true)
  .transform((raw, ctx): ProxyPolicy => {
    const r = validateProxyPolicy(raw);
    if (r.ok) return r.value;
    for (const i of r.issues) {
      // "policy" names the value itself (not an object at all): no sub-path, or the router says "policy.policy".
      const path = i.code === 'policy.type' ? [] : i.field.split('.');
      ctx.addIssue({ code: 'custom', message: i.message, path, params: { code: i.code } });
    }
    return z.NEVER;
  });

/** An endpoint GUID in any accepted spelling ({UPPER}, lower) → its canonical form (canonicalGuid). */
export const EndpointIdSchema = z
  .string()
  .superRefine((v, ctx) => {
    const bad = validateGuid(v, 'endpointId');
    if (bad) ctx.addIssue({ code: 'custom', message: bad.message, params: { code: bad.code } });
  })
  .transform(canonicalGuid);
