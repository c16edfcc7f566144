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
    ackLatency: new Histogram({
      name: 'besoin_command_ack_seconds', help: 'Time from a command arriving to its acknowledgement.', labelNames: ['event'] as const,
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
