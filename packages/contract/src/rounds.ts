import { z } from 'zod';

/** `POST .../reporting-rounds/{roundId}/remind`: who was mailed, whose mail failed, which partners nobody could be mailed at. */
export const RemindResult = z.object({
  sent: z.array(z.object({ partnerId: z.string(), personId: z.string() })),
  failed: z.array(z.object({ partnerId: z.string(), personId: z.string(), error: z.string() })),
  unreachable: z.array(z.string()),
});
export type RemindResult = z.infer<typeof RemindResult>;

/** `GET .../reporting-rounds/reminders`: whether e-mail is set up, and the reminders whose last attempt failed. */
export const ReminderStatus = z.object({
  configured: z.boolean(),
  failures: z.array(
    z.object({
      roundId: z.string(),
      personId: z.string(),
      kind: z.string(),
      attempts: z.number().int(),
      lastError: z.string(),
      lastErrorAt: z.string(),
      retryAfter: z.string(),
    }),
  ),
});
export type ReminderStatus = z.infer<typeof ReminderStatus>;
