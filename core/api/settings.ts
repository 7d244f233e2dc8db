import { z } from 'zod';
import { isSettingKey, unknownSettingMessage } from '../settings.js';

/** Reading and changing settings. */

// Checked as a whole, so the refusal reads "unknown setting …" and not "key: Invalid option …".
export const SettingKeyInput = z.strictObject({ key: z.string().max(100) }).superRefine((input, ctx) => {
  if (!isSettingKey(input.key)) ctx.addIssue({ code: 'custom', message: unknownSettingMessage(input.key) });
});
export const SettingInput = z.strictObject({ key: z.string(), value: z.unknown() });
