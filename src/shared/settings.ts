import { z } from 'zod';

/**
 * The user's preferences that are not connections, as Settings edits them
 * and main keeps them in config.json (src/main/store/settings.ts).
 */

/**
 * "Wait up to N minutes when the service is busy": the most one request
 * waits out 409/429 answers before the job fails (decision 009). Whole
 * minutes; the default is what a storm of 60 busy answers needs.
 */
export const BUSY_WAIT_MINUTES = { min: 1, max: 120, default: 10 } as const;

export const busyWaitMinutesSchema = z
  .number({ error: 'Enter a number of minutes.' })
  .int('Enter whole minutes.')
  .min(BUSY_WAIT_MINUTES.min, `Wait at least ${BUSY_WAIT_MINUTES.min} minute.`)
  .max(BUSY_WAIT_MINUTES.max, `Wait at most ${BUSY_WAIT_MINUTES.max} minutes.`);

export const appSettingsSchema = z.object({ maxBusyWaitMinutes: busyWaitMinutesSchema }).strict();

export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  maxBusyWaitMinutes: BUSY_WAIT_MINUTES.default,
};
