/* A hostile powershell.exe for the Wine lane, planted in the working directory and on PATH: the app
 * must start System32's by absolute path. If this one runs, it leaves "<its own path>.ran". */
#include <stdio.h>
#include <windows.h>

int main(void) {
  WCHAR path[MAX_PATH + 8];
  DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
  if (n > 0 && n < MAX_PATH) {
    lstrcatW(path, L".ran");
    HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
  }
  printf("[]\n");
  return 0;
}
