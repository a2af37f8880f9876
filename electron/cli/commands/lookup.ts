import type { CliCommand } from './types';
import { safeText } from '../../core/safe-text';

/** `--docker` takes an optional URL: only a following token that looks like an address is its value. */
export function dockerOptionalValue(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    if (a === '--docker') {
      if (next !== undefined && /^(npipe:|unix:|tcp:|https?:|\/|\\\\)/i.test(next)) {
        out.push(`--docker=${next}`);
        i++;
      } else out.push('--docker=');
    } else out.push(a);
  }
  return out;
}

export const lookup: CliCommand = {
  name: 'lookup',
  summary: 'Find the HNS endpoint(s) of a container (CRI v1 by default, or Docker Engine).',
  usage: 'lookup <container> [--runtimeendpoint URL] [--docker [URL]]',
  help: [
    '<container>               full id or an unambiguous prefix',
    '--runtimeendpoint URL     CRI socket (default npipe:////./pipe/containerd-containerd on Windows,',
    '                          unix:///run/containerd/containerd.sock elsewhere)',
    '--docker [URL]            ask Docker Engine instead (default npipe:////./pipe/docker_engine or',
    '                          unix:///var/run/docker.sock)',
  ],
  options: { runtimeendpoint: { type: 'string' }, docker: { type: 'string' } },
  preprocess: dockerOptionalValue,
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals, values }) {
    const input: { containerId: string; runtimeEndpoint?: string; docker?: boolean | string } = {
      containerId: positionals[0] as string,
    };
    if (typeof values.runtimeendpoint === 'string') input.runtimeEndpoint = values.runtimeendpoint;
    if (typeof values.docker === 'string') input.docker = values.docker === '' ? true : values.docker;
    const r = await ctx.call('containers.lookup', input);
    return {
      data: r,
      lines: r.matches.map((m) => safeText(m.endpointId)),
      notes: [
        // Runtime and HNS data: one line each, controls made visible (docs/security.md).
        ...r.notes.map(safeText),
        ...r.matches.map((m) =>
          safeText(
            `${m.containerId} → ${m.endpointId} ${m.endpointName ? `(${m.endpointName}) ` : ''}via ${m.source}`,
          ),
        ),
      ],
    };
  },
};
