import type { ProxyPolicy } from '../../../../electron/core/policy/model';

export interface Preset {
  id: string;
  label: string;
  description: string;
  policy: Partial<ProxyPolicy>;
}

const none = { ipAddresses: [], ports: [] };

// Defaults the meshes document: Istio/Envoy sidecars listen on 15006 (inbound) and 15001
// (outbound), run as Local System on Windows, and keep their own metrics/health ports (15090,
// 15021) and loopback out of the redirect. Linkerd's proxy listens on 4143/4140 and runs as a
// member of Network Configuration Operators.
export const PRESETS: Preset[] = [
  {
    id: 'envoy',
    label: 'Envoy / Istio',
    description: 'inbound 15006, outbound 15001, SID S-1-5-18, exceptions 127.0.0.1 and ports 15090, 15021',
    policy: {
      inboundProxyPort: 15006,
      outboundProxyPort: 15001,
      userSid: 'S-1-5-18',
      inboundExceptions: { ipAddresses: ['127.0.0.1'], ports: [15090, 15021] },
      outboundExceptions: { ipAddresses: ['127.0.0.1'], ports: [] },
    },
  },
  {
    id: 'linkerd',
    label: 'Linkerd',
    description: 'inbound 4143, outbound 4140, SID S-1-5-32-556',
    policy: {
      inboundProxyPort: 4143,
      outboundProxyPort: 4140,
      userSid: 'S-1-5-32-556',
      inboundExceptions: none,
      outboundExceptions: none,
    },
  },
  { id: 'custom', label: 'Custom', description: 'start from an empty policy', policy: {} },
];
