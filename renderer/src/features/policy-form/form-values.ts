import type { ProxyPolicy, ProxyPolicyInput } from '../../../../electron/core/policy/model';

/**
 * What the form edits: text, as the user types it. validateProxyPolicy (the same function main
 * runs) turns it into a ProxyPolicy, so field names here are exactly the issue paths it reports.
 */
export interface PolicyFormValues {
  inboundProxyPort: string;
  outboundProxyPort: string;
  userSid: string;
  priority: string;
  localAddresses: string;
  remoteAddresses: string;
  localPorts: string;
  remotePorts: string;
  inboundExceptions: { ipAddresses: string; ports: string };
  outboundExceptions: { ipAddresses: string; ports: string };
}

export const EMPTY_FORM: PolicyFormValues = {
  inboundProxyPort: '',
  outboundProxyPort: '',
  userSid: '',
  priority: '',
  localAddresses: '',
  remoteAddresses: '',
  localPorts: '',
  remotePorts: '',
  inboundExceptions: { ipAddresses: '', ports: '' },
  outboundExceptions: { ipAddresses: '', ports: '' },
};

/** The loose input validateProxyPolicy accepts (and IPC sends): empty text means "not set". */
export function toLooseInput(v: PolicyFormValues): ProxyPolicyInput {
  const out: ProxyPolicyInput = {};
  const put = (k: keyof PolicyFormValues & keyof ProxyPolicyInput, x: string) => {
    if (x.trim() !== '') out[k] = x;
  };
  put('inboundProxyPort', v.inboundProxyPort);
  put('outboundProxyPort', v.outboundProxyPort);
  put('userSid', v.userSid);
  put('priority', v.priority);
  put('localAddresses', v.localAddresses);
  put('remoteAddresses', v.remoteAddresses);
  put('localPorts', v.localPorts);
  put('remotePorts', v.remotePorts);
  out.inboundExceptions = { ipAddresses: v.inboundExceptions.ipAddresses, ports: v.inboundExceptions.ports };
  out.outboundExceptions = {
    ipAddresses: v.outboundExceptions.ipAddresses,
    ports: v.outboundExceptions.ports,
  };
  return out;
}

const join = (xs: readonly (string | number)[]) => xs.join(', ');

export function fromPolicy(p: Partial<ProxyPolicy>): PolicyFormValues {
  return {
    inboundProxyPort: p.inboundProxyPort?.toString() ?? '',
    outboundProxyPort: p.outboundProxyPort?.toString() ?? '',
    userSid: p.userSid ?? '',
    priority: p.priority?.toString() ?? '',
    localAddresses: join(p.localAddresses ?? []),
    remoteAddresses: join(p.remoteAddresses ?? []),
    localPorts: join(p.localPorts ?? []),
    remotePorts: join(p.remotePorts ?? []),
    inboundExceptions: {
      ipAddresses: join(p.inboundExceptions?.ipAddresses ?? []),
      ports: join(p.inboundExceptions?.ports ?? []),
    },
    outboundExceptions: {
      ipAddresses: join(p.outboundExceptions?.ipAddresses ?? []),
      ports: join(p.outboundExceptions?.ports ?? []),
    },
  };
}

/** The form: one policy, or a writer's set of them (Istio ambient's pair), each edited the same way. */
export interface PolicySetValues {
  policies: PolicyFormValues[];
}
