// Moved to test/support/temp-core.ts; kept until the last importers here switch over.
export * from '../support/temp-core';
