import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../domain/deps';
import type { DomainEvents, WebhookEvent } from '../domain/events';
import type { Metrics } from '../observability/metrics';

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Waits between attempts; one attempt more than there are delays. */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. */
  timeoutMs?: number;
  logger: Logger;
  metrics: Metrics;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>` (the `X-Signature` header). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const DEFAULT_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

/**
 * Delivers business events as signed JSON POSTs. `emit` only queues: delivery runs in the
 * background, one event at a time in order, each retried with growing delays; a failure is
 * logged and counted, never thrown. Undelivered events are lost if the process stops.
 */
export function createWebhookSender({ url, secret, retryDelaysMs = DEFAULT_DELAYS_MS, timeoutMs = 10_000, logger, metrics }: WebhookOptions) {
  const queue: { type: WebhookEvent; body: string }[] = [];
  let running: Promise<void> | null = null;
  let stopped = false;
  const sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { sleeps.delete(entry); resolve(); }, ms), resolve };
      entry.timer.unref();
      sleeps.add(entry);
    });
  }

  async function attempt(body: string): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signBody(secret, body), 'user-agent': 'besoin-daide-webhooks/1' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }

  async function deliver(item: { type: WebhookEvent; body: string }): Promise<void> {
    for (let i = 0; i <= retryDelaysMs.length && !stopped; i++) {
      try {
        await attempt(item.body);
        metrics.webhookDeliveries.inc({ type: item.type, outcome: 'delivered' });
        return;
      } catch (error) {
        const last = i === retryDelaysMs.length;
        metrics.webhookDeliveries.inc({ type: item.type, outcome: last ? 'failed' : 'retried' });
        logger.warn({ err: error, type: item.type, attempt: i + 1 }, last ? 'webhook delivery failed' : 'webhook delivery will be retried');
        if (!last) await sleep(retryDelaysMs[i]!);
      }
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !stopped) await deliver(queue.shift()!);
    running = null;
  }

  const events: DomainEvents & { stop(): Promise<void>; idle(): Promise<void> } = {
    emit(type, data) {
      if (stopped) return;
      const body = JSON.stringify({ id: randomUUID(), type, createdAt: new Date().toISOString(), data });
      queue.push({ type, body });
      running ??= drain().catch((error: unknown) => logger.error({ err: error }, 'webhook queue failed'));
    },
    /** Resolves when the queue is empty (tests, shutdown). */
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      for (const s of sleeps) {
        clearTimeout(s.timer);
        s.resolve();
      }
      await running;
    },
  };
  return events;
}
