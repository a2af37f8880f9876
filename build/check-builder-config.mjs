// Offline check of electron-builder.yml: loads it the way electron-builder does and validates it
// against electron-builder's own JSON schema. Packaging itself needs the Electron zip and WiX
// (downloaded by electron-builder), so the MSI is built in the Windows workflow only.
// Usage: node build/check-builder-config.mjs   (exit 0 valid, 1 invalid)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns the effective configuration (electron-builder.yml merged as electron-builder merges it). */
export async function loadBuilderConfig(projectDir = root) {
  const { getConfig } = require('app-builder-lib/out/util/config/config');
  return getConfig(projectDir, null, null);
}

/** Throws electron-builder's own InvalidConfigurationError when the schema rejects the config. */
export async function validateBuilderConfig(config) {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util');
  await validateConfiguration(config, new DebugLogger(false));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const config = await loadBuilderConfig();
    await validateBuilderConfig(config);
    console.log(
      `electron-builder.yml is valid (appId ${config.appId}, targets ${JSON.stringify(config.win?.target)}).`,
    );
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
