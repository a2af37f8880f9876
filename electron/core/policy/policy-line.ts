/** A raw HNS L4WFPPROXY policy (journal entries, watch events) in a few words. */
export function rawPolicyLine(raw: unknown): string {
  const s = (raw as { Settings?: Record<string, unknown> } | null)?.Settings ?? {};
  const parts = [
    s.InboundProxyPort ? `inbound → ${String(s.InboundProxyPort)}` : '',
    s.OutboundProxyPort ? `outbound → ${String(s.OutboundProxyPort)}` : '',
    !s.InboundProxyPort && !s.OutboundProxyPort && s.Port ? `legacy Port ${String(s.Port)}` : '',
    s.UserSID ? `SID ${String(s.UserSID)}` : '',
  ].filter(Boolean);
  return parts.join(', ') || JSON.stringify(raw).slice(0, 80);
}
