import { ReplayMemory } from '../../../core/webhook/replay';

/**
 * One memory per n8n process (main or `n8n webhook`), shared by every workflow using this trigger:
 * keys carry the signature, which depends on each workflow's secret. See core/webhook/replay.ts for
 * why this is not the guard against double sending in queue mode.
 */
export const noticeMemory = new ReplayMemory(10_000);
