import { parseSid, SID_RE } from '../../policy/validate';
import { WELL_KNOWN_SIDS } from '../../policy/model';
import { policyFinding, policyLabel } from '../finding';
import type { EndpointRule } from '../types';

/**
 * SIDs proxies are known to run as: LocalSystem (hcnproxyctrl `--usersid system`, Istio ambient
 * prototype), Local/Network Service (Linkerd in hcsshim#2571 uses S-1-5-20), and Network
 * Configuration Operators (hcnproxyctrl README, K2s). docs/hcn-api.md §2.6, §7.
 */
export const KNOWN_PROXY_SIDS = ['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-32-556'];

/** S-1-5-21-<machine or domain>-<RID ≥ 1000>: one local or domain account (RIDs below 1000 are built-in). */
const PER_USER_SID = /^S-1-5-21-\d+-\d+-\d+-(\d{4,})$/;

export const noUserSid: EndpointRule = {
  id: 'proxy.no-user-sid',
  title: 'A proxy policy without UserSID: the proxy’s own connections are redirected back to it.',
  check(ep) {
    return ep.proxies
      .filter((p) => !p.userSid)
      .map((p) =>
        policyFinding(
          this.id,
          p.outboundProxyPort || p.legacyPort ? 'error' : 'warning',
          ep,
          p,
          `${policyLabel(p)} has no UserSID, so the proxy's own outbound connections are redirected back into the proxy (a redirect loop).`,
          `HNS cannot edit a policy in place: add it again with the proxy’s identity (\`add ${ep.id} … --usersid S-1-5-32-556\`, or \`--usersid system\` for LocalSystem; UserSID matches by prefix), then \`remove ${ep.id} ${p.index}\` (--force if it belongs to a mesh’s set; then the mesh’s own configuration should be fixed, or it writes the same again).`,
          { userSid: null, outboundProxyPort: p.outboundProxyPort ?? null },
        ),
      );
  },
};

export const unknownUserSid: EndpointRule = {
  id: 'proxy.unknown-user-sid',
  title: 'UserSID is malformed or not an identity a proxy is known to run as.',
  check(ep, ctx) {
    return ep.proxies.flatMap((p) => {
      if (!p.userSid) return [];
      // Strict: parseSid's "system" shorthand is CLI input, not something HNS can match.
      const sid = SID_RE.test(p.userSid) ? parseSid(p.userSid, 'userSid', []) : undefined;
      if (!sid) {
        return [
          policyFinding(
            this.id,
            'error',
            ep,
            p,
            `${policyLabel(p)} has UserSID "${p.userSid}", which is not a SID: no process matches it, so the proxy's own traffic is redirected (loop).`,
            'Use a SID such as S-1-5-32-556 or S-1-5-18 (the form S-1-5-…).',
            { userSid: p.userSid },
          ),
        ];
      }
      if (ctx.knownProxySids.has(sid)) return [];
      const name = WELL_KNOWN_SIDS[sid];
      if (PER_USER_SID.test(sid)) {
        // A machine or domain account (RID 1000 and up), as in the hcnproxyctrl README's example:
        // a deliberate choice of one account, not a mistake.
        return [
          policyFinding(
            this.id,
            'info',
            ep,
            p,
            `${policyLabel(p)} exempts UserSID ${sid}, one user account: the proxy must run as that account (or its traffic loops), and every process of that account bypasses the proxy.`,
            'If the proxy runs as that account nothing needs to change; otherwise set UserSID to the proxy’s identity (Get-Process -IncludeUserName shows it).',
            { userSid: sid, sidName: null, perUser: true, knownProxySids: [...ctx.knownProxySids] },
          ),
        ];
      }
      return [
        policyFinding(
          this.id,
          'warning',
          ep,
          p,
          `${policyLabel(p)} exempts UserSID ${sid}${name ? ` (${name})` : ''}, which is not a known proxy identity: if the proxy runs as someone else its traffic loops, and every process under this SID (prefix match) bypasses the proxy.`,
          `Check which account the proxy process runs as (Get-Process -IncludeUserName); if it is another, add the policy again with that SID (\`add ${ep.id} … --usersid <SID>\`) and \`remove ${ep.id} ${p.index}\`. Known proxy identities: ${[...ctx.knownProxySids].join(', ')}.`,
          { userSid: sid, sidName: name ?? null, knownProxySids: [...ctx.knownProxySids] },
        ),
      ];
    });
  },
};
