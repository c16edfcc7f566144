import type { Priority } from '@besoin/shared';
import { priorityLabel } from './labels';

/** A coloured priority label (Basse, Normale, Haute, Critique); the colour is decoration only. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span class={`badge badge--${priority}`}>{priorityLabel(priority)}</span>;
}
