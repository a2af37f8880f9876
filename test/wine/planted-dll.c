/* A hostile computenetwork.dll for the Wine lane: planted in the working directory and on PATH, it
 * must never be loaded by the app (which loads System32's by absolute path). If it is loaded, its
 * DllMain leaves "<its own path>.loaded" beside it, which the lane looks for. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    WCHAR path[MAX_PATH + 8];
    DWORD n = GetModuleFileNameW(self, path, MAX_PATH);
    if (n > 0 && n < MAX_PATH) {
      lstrcatW(path, L".loaded");
      HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
      if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    }
  }
  return TRUE;
}

/* Looks like the real thing to a caller that binds it. */
__declspec(dllexport) long HcnEnumerateEndpoints(const void *q, void **ids, void **rec) {
  (void)q;
  (void)ids;
  (void)rec;
  return 0;
}
