// Moved to test/support/cli.ts; kept until the last importers here switch over.
export * from '../support/cli';
