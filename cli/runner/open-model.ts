// Open model: arrivals at a scheduled rate, independent of how fast the server answers.
import type { OpenLoad } from '../plan/types.js';
import { UsageError } from '../core/errors.js';
import type { DriverContext, DriverOutcome } from './driver.js';

/** Identities set up for the open model, reused round robin by arrivals. */
export const OPEN_MODEL_IDENTITIES = 50;

export function runOpen(_ctx: DriverContext, _load: OpenLoad): Promise<DriverOutcome> {
  return Promise.reject(new UsageError('the open model is not available in this build yet: use model: closed'));
}
