import type { Department } from '@besoin/shared';

// Estimated wait for a queued chat. An agent frees a slot, on average, every
// (average handling time / number of slots) seconds; a chat at position p therefore waits
// about ceil(p / slots) handling times, less the time the oldest served chats already ran.
// We keep it simple and honest: eta = ceil(position / slots) × averageHandlingSeconds, where
// slots = the summed capacity of the department's available agents and the average handling
// time is an exponentially weighted mean (α = 0.2) of the chats that ended in this process,
// 5 minutes until one has. With no agent available there is no estimate.

const DEFAULT_HANDLING_SECONDS = 300;
const ALPHA = 0.2;

/** Per-department estimator of queue waiting time. */
export function createEtaEstimator() {
  const averages = new Map<Department, number>();
  return {
    /** Records how long an assigned chat lasted (assignment to end), in seconds. */
    recordHandling(department: Department, seconds: number): void {
      if (!Number.isFinite(seconds) || seconds <= 0) return;
      const previous = averages.get(department);
      averages.set(department, previous === undefined ? seconds : previous + ALPHA * (seconds - previous));
    },
    /** Seconds a chat at `position` (1-based) should wait with `slots` available; undefined if no slot. */
    estimate(department: Department, position: number, slots: number): number | undefined {
      if (slots <= 0) return undefined;
      const handling = averages.get(department) ?? DEFAULT_HANDLING_SECONDS;
      return Math.round(Math.ceil(position / slots) * handling);
    },
  };
}

export type EtaEstimator = ReturnType<typeof createEtaEstimator>;
