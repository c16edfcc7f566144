import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of one server process (`GET /metrics`). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'besoin_' });
  return {
    registry,
    webhookDeliveries: new Counter({
      name: 'besoin_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome (delivered, retried, failed).',
      labelNames: ['type', 'outcome'] as const, registers: [registry],
    }),
    ticketsCreated: new Counter({
      name: 'besoin_tickets_created_total', help: 'Tickets created (merges excluded), by source.', labelNames: ['source'] as const, registers: [registry],
    }),
    slaBreaches: new Counter({
      name: 'besoin_sla_breaches_total', help: 'First-response windows missed (each raises the priority).', labelNames: ['department'] as const, registers: [registry],
    }),
    emergencies: new Counter({ name: 'besoin_emergencies_total', help: 'Emergencies raised.', registers: [registry] }),
    connectedSockets: new Gauge({
      name: 'besoin_connected_sockets', help: 'Connected sockets by namespace.', labelNames: ['namespace'] as const, registers: [registry],
    }),
    assignmentLatency: new Histogram({
      name: 'besoin_assignment_seconds',
      help: 'Routing: from the start of the pass that served a queued chat to its reservation stored, per assignment.',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers: [registry],
    }),
    queueWait: new Histogram({
      name: 'besoin_queue_wait_seconds', help: 'How long chats waited in the queue before their first agent.',
      labelNames: ['department'] as const, buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800], registers: [registry],
    }),
    /** Queue gauges read from the store at each scrape (counts only, no rows). */
    watchQueues(departments: readonly string[], read: (department: string) => Promise<{ waiting: number; oldestWaitSeconds: number }>): void {
      const snapshot = async () => Promise.all(departments.map(async (d) => ({ d, ...(await read(d)) })));
      new Gauge({
        name: 'besoin_queue_waiting', help: 'Chats waiting in the queue, by department.', labelNames: ['department'] as const, registers: [registry],
        async collect() {
          for (const q of await snapshot()) this.set({ department: q.d }, q.waiting);
        },
      });
      new Gauge({
        name: 'besoin_queue_oldest_wait_seconds', help: 'Wait of the oldest queued chat, by department (0 when none).',
        labelNames: ['department'] as const, registers: [registry],
        async collect() {
          for (const q of await snapshot()) this.set({ department: q.d }, q.oldestWaitSeconds);
        },
      });
    },
    shed: new Counter({
      name: 'besoin_shed_total', help: 'Work refused while the event loop was overloaded (load shedding), by command or "connection".',
      labelNames: ['what'] as const, registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'besoin_command_ack_seconds', help: 'Time from a command arriving to its acknowledgement.', labelNames: ['event'] as const,
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
