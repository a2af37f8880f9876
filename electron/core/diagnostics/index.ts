// Public face of the diagnostics engine: pure functions over plain HNS data.
export { diagnose, toReport, ENDPOINT_RULES, NODE_RULES } from './engine';
export { KNOWN_PROXY_SIDS } from './rules/identity';
export { MIN_L4WFPPROXY } from './rules/node';
export type { DiagnoseInput } from './types';
export { proxyPoliciesOf, readProxySettings, type ProxySettingsRaw } from './proxy-settings';
