import type { z } from 'zod';
import type { SnapshotOpenResultSchema } from '../../../../electron/core/views';

export type SnapshotOpenResult = z.infer<typeof SnapshotOpenResultSchema>;

/** The opened snapshot lives in the query cache so the banner and write gates read one place. */
export const snapshotKey = ['snapshot-open'] as const;
