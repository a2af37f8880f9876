import { isAbsolute } from 'node:path';
import type { KoffiFunction, LibraryHandle } from './koffi-types';
import { loadKoffi } from './koffi-types';

// koffi declarations of computenetwork.dll (docs/hcn-api.md §1.2, exact parameter order), CoTaskMemFree
// (ole32.dll) and HNSCall (vmcompute.dll). The same declarations load the fake C library in tests.
// Callers pass absolute paths (System32's: system-paths.ts); a bare name is refused.
//
// Type choices (koffi 3.x, docs/design.md §9):
//  - HRESULT is int32, so failures arrive negative: test `hr < 0`, print `(hr >>> 0)`.
//  - PCWSTR is `const char16_t *`: koffi encodes the JS string as NUL-terminated UTF-16LE.
//  - PWSTR* out parameters are declared as pointers to an OPAQUE type, so koffi hands back the raw
//    buffer address (bigint) instead of decoding it: we must CoTaskMemFree that exact pointer.
//    (Declaring them `char16_t **` would decode and drop the pointer: a leak on every call.)
//  - HCN_* handles are opaque pointers (bigint).
//  - REFGUID is `const GUID *`: a JS object {Data1, Data2, Data3, Data4} marshalled as a struct.
//  - `__stdcall` is what WINAPI means; koffi ignores it on x64/arm64 and honours it on x86.

export interface GuidStruct {
  Data1: number;
  Data2: number;
  Data3: number;
  Data4: number[];
}

/** An out-parameter box: koffi writes the pointer into element 0. */
export type OutBox = [bigint | null];

export interface HcnKindFunctions {
  enumerate: KoffiFunction; // (PCWSTR query, PWSTR* ids, PWSTR* record)
  open: KoffiFunction; // (REFGUID, PHCN_X, PWSTR* record)
  query: KoffiFunction; // (HCN_X, PCWSTR query, PWSTR* props, PWSTR* record)
  modify: KoffiFunction; // (HCN_X, PCWSTR settings, PWSTR* record)
  close: KoffiFunction; // (HCN_X)
  remove: KoffiFunction; // Delete: (REFGUID, PWSTR* record)
}

export interface HcnBindings {
  network: HcnKindFunctions & { create: KoffiFunction };
  endpoint: HcnKindFunctions & { create: KoffiFunction };
  namespace: HcnKindFunctions & { create: KoffiFunction };
  coTaskMemFree: KoffiFunction;
  /** Decodes a NUL-terminated UTF-16 buffer (raw pointer). */
  decodeString16(ptr: bigint): string;
}

let typesDeclared: Promise<void> | undefined;

// koffi type names are process-global and may be declared once: memoise the promise so that two
// backends loading at the same moment do not both declare them.
function declareTypes(): Promise<void> {
  typesDeclared ??= declareTypesOnce().catch((e: unknown) => {
    typesDeclared = undefined;
    throw e;
  });
  return typesDeclared;
}

async function declareTypesOnce(): Promise<void> {
  const koffi = await loadKoffi();
  // A second copy of this module (bundler chunking, ESM/CJS interop) shares koffi's registry.
  try {
    koffi.type('HCN_WCHAR_BUFFER');
    return;
  } catch {
    // not declared yet
  }
  koffi.alias('HRESULT', 'int32');
  koffi.alias('PCWSTR', 'const char16_t *');
  koffi.pointer('HCN_HANDLE', koffi.opaque('HCN_OBJECT'));
  koffi.alias('HCN_NETWORK', 'HCN_HANDLE');
  koffi.alias('HCN_ENDPOINT', 'HCN_HANDLE');
  koffi.alias('HCN_NAMESPACE', 'HCN_HANDLE');
  koffi.pointer('PWSTR_RAW', koffi.opaque('HCN_WCHAR_BUFFER'));
  koffi.struct('GUID', {
    Data1: 'uint32',
    Data2: 'uint16',
    Data3: 'uint16',
    Data4: koffi.array('uint8', 8),
  });
}

const KINDS = [
  ['network', 'Network', 'Networks', 'HCN_NETWORK'],
  ['endpoint', 'Endpoint', 'Endpoints', 'HCN_ENDPOINT'],
  ['namespace', 'Namespace', 'Namespaces', 'HCN_NAMESPACE'],
] as const;

function bindKind(
  lib: LibraryHandle,
  one: string,
  many: string,
  handle: string,
): HcnKindFunctions & { create: KoffiFunction } {
  const f = (proto: string) => lib.func(`HRESULT __stdcall ${proto}`);
  const create =
    one === 'Endpoint'
      ? f(
          `HcnCreateEndpoint(HCN_NETWORK Network, const GUID *Id, PCWSTR Settings, _Out_ HCN_ENDPOINT *Endpoint, _Out_ PWSTR_RAW *ErrorRecord)`,
        )
      : f(
          `HcnCreate${one}(const GUID *Id, PCWSTR Settings, _Out_ ${handle} *${one}, _Out_ PWSTR_RAW *ErrorRecord)`,
        );
  return {
    enumerate: f(`HcnEnumerate${many}(PCWSTR Query, _Out_ PWSTR_RAW *${many}, _Out_ PWSTR_RAW *ErrorRecord)`),
    open: f(`HcnOpen${one}(const GUID *Id, _Out_ ${handle} *${one}, _Out_ PWSTR_RAW *ErrorRecord)`),
    query: f(
      `HcnQuery${one}Properties(${handle} ${one}, PCWSTR Query, _Out_ PWSTR_RAW *Properties, _Out_ PWSTR_RAW *ErrorRecord)`,
    ),
    modify: f(`HcnModify${one}(${handle} ${one}, PCWSTR Settings, _Out_ PWSTR_RAW *ErrorRecord)`),
    close: f(`HcnClose${one}(${handle} ${one})`),
    remove: f(`HcnDelete${one}(const GUID *Id, _Out_ PWSTR_RAW *ErrorRecord)`),
    create,
  };
}

/**
 * A bare DLL name would be searched for in the working directory and on PATH (system-paths.ts):
 * refuse it here, where every HNS library is loaded, so no caller can regress to one.
 */
function loadByPath(koffi: Awaited<ReturnType<typeof loadKoffi>>, path: string): LibraryHandle {
  if (!isAbsolute(path)) throw new Error(`refusing to load "${path}": libraries load by absolute path only`);
  return koffi.load(path);
}

/** Loads computenetwork (+ the library holding CoTaskMemFree). Throws koffi's error if a library is missing. */
export async function loadHcnBindings(computenetworkPath: string, ole32Path: string): Promise<HcnBindings> {
  const koffi = await loadKoffi();
  await declareTypes();
  const lib = loadByPath(koffi, computenetworkPath);
  const ole = ole32Path === computenetworkPath ? lib : loadByPath(koffi, ole32Path);
  const [n, e, s] = KINDS.map(([, one, many, handle]) => bindKind(lib, one, many, handle)) as [
    HcnBindings['network'],
    HcnBindings['endpoint'],
    HcnBindings['namespace'],
  ];
  return {
    network: n,
    endpoint: e,
    namespace: s,
    coTaskMemFree: ole.func('void __stdcall CoTaskMemFree(void *pv)'),
    decodeString16: (ptr) => koffi.decode.string16(ptr),
  };
}

/** vmcompute.dll!HNSCall, the HNS v1 entry point; used only for GET /globals/version. */
export async function loadHnsCall(vmcomputePath: string): Promise<KoffiFunction> {
  const koffi = await loadKoffi();
  await declareTypes();
  const lib = loadByPath(koffi, vmcomputePath);
  return lib.func(
    'HRESULT __stdcall HNSCall(PCWSTR Method, PCWSTR Path, PCWSTR Request, _Out_ PWSTR_RAW *Response)',
  );
}
