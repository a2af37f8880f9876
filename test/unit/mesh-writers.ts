// Moved to test/support/mesh-writers.ts; kept until the last importers here switch over.
export * from '../support/mesh-writers';
