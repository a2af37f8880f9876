import { describe, expect, it } from 'vitest';
import { criServiceDefinition } from '../../electron/core/containers/cri';

// The CRI server in containers-lookup.test.ts loads the same .proto as the client, so a wrong field
// number would go unnoticed there. These bytes are written by hand from kubernetes/cri-api
// pkg/apis/runtime/v1/api.proto (tag = field number << 3 | wire type):
//   ContainerStatusRequest { string container_id = 1; bool verbose = 2; }
//   ContainerStatusResponse { ContainerStatus status = 1; map<string, string> info = 2; }
//   ListContainersResponse { repeated Container containers = 1; }
//   Container { string id = 1; string pod_sandbox_id = 2; ContainerMetadata metadata = 3; ... ContainerState state = 6; }
//   ContainerMetadata { string name = 1; uint32 attempt = 2; }

const def = () => criServiceDefinition();
const str = (tag: number, s: string) => [tag, s.length, ...Buffer.from(s)];
const msg = (tag: number, body: number[]) => [tag, body.length, ...body];

describe('CRI v1 wire format (field numbers of runtime/v1 api.proto)', () => {
  it('ContainerStatusRequest encodes container_id as field 1 and verbose as field 2', () => {
    const bytes = def().ContainerStatus!.requestSerialize({ containerId: 'abc', verbose: true });
    expect([...bytes]).toEqual([...str(0x0a, 'abc'), 0x10, 0x01]);
  });

  it('ContainerStatusResponse reads info from field 2 (a map entry: key 1, value 2)', () => {
    const entry = [...str(0x0a, 'info'), ...str(0x12, '{"x":1}')];
    const status = msg(0x0a, str(0x0a, 'abc'));
    const r = def().ContainerStatus!.responseDeserialize(Buffer.from([...status, ...msg(0x12, entry)])) as {
      status: { id: string };
      info: Record<string, string>;
    };
    expect(r.status.id).toBe('abc');
    expect(r.info).toEqual({ info: '{"x":1}' });
  });

  it('ListContainersResponse reads containers (1) → id (1), pod_sandbox_id (2), metadata.name (3.1), state (6)', () => {
    const container = [...str(0x0a, 'c1'), ...str(0x12, 'pod1'), ...msg(0x1a, str(0x0a, 'app')), 0x30, 0x01];
    const r = def().ListContainers!.responseDeserialize(Buffer.from(msg(0x0a, container))) as {
      containers: Array<{ id: string; podSandboxId: string; metadata: { name: string }; state: string }>;
    };
    expect(r.containers).toHaveLength(1);
    expect(r.containers[0]).toMatchObject({
      id: 'c1',
      podSandboxId: 'pod1',
      metadata: { name: 'app' },
      state: 'CONTAINER_RUNNING',
    });
  });

  it('talks to the runtime.v1.RuntimeService paths', () => {
    expect(def().ListContainers!.path).toBe('/runtime.v1.RuntimeService/ListContainers');
    expect(def().ContainerStatus!.path).toBe('/runtime.v1.RuntimeService/ContainerStatus');
  });
});
