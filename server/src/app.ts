import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Department, Policy } from '@besoin/shared';
import { createAgentService } from './domain/agents';
import { createAvailability } from './domain/availability';
import { createEtaEstimator } from './domain/eta';
import { createMemoryGrace } from './domain/grace';
import { createLongChatWatch } from './domain/longChats';
import { createTicketService } from './domain/tickets';
import { createComplaintService } from './domain/complaints';
import { createEmergencyService } from './domain/emergencies';
import { noEvents, type DomainEvents } from './domain/events';
import { createSlaEngine } from './domain/sla';
import { createWebhookSender } from './integrations/webhooks';
import { createMetrics } from './observability/metrics';
import { supervisionRoutes } from './http/supervision.routes';
import { createChatService } from './domain/chats';
import { systemClock, type Clock } from './domain/clock';
import type { Logger } from './domain/deps';
import { createMemoryPresence } from './domain/presence';
import { createRouting } from './domain/routing';
import { createVisitorService } from './domain/visitors';
import { agentsRoutes } from './http/agents.routes';
import { authRoutes } from './http/auth.routes';
import { errorHandler } from './http/errors';
import { requestIds } from './http/requestId';
import { healthRoutes } from './http/health.routes';
import { publicRoutes } from './http/public.routes';
import { teamRoutes } from './http/team.routes';
import { ticketsRoutes } from './http/tickets.routes';
import { visitorRoutes } from './http/visitor.routes';
import { createRoutingSweep, routingSweepIntervalMs } from './jobs/routing.sweep';
import { every } from './jobs/scheduler';
import { staticRoutes, type StaticDirs } from './http/static.routes';
import { attachHandlers, createIo, createSocketNotifier } from './realtime/io';
import { createOverloadGuard, type OverloadOptions } from './realtime/overload';
import { createPolicyLimits } from './security/policyLimits';
import type { CounterFactory } from './security/limits';
import type { Store } from './store/store';
import type { ClusterParts } from './cluster/cluster';

export interface AppDeps {
  store: Store;
  policy: Policy;
  logger: Logger;
  clock?: Clock;
  /** This node's part in a cluster on Redis (cluster/cluster.ts); none in the embedded mode. */
  cluster?: ClusterParts;
}

export interface AppOptions {
  /** Origins allowed on browser handshakes; null = any (development). */
  allowedOrigins?: string[] | null;
  sessionTtlMs?: number;
  staticDirs?: StaticDirs;
  /** Signed webhooks (DESIGN §3); none when absent. `retryDelaysMs` is for tests. */
  webhook?: { url: string; secret: string; retryDelaysMs?: number[] } | null;
  /** Phone line and customer area shown by the widget. */
  publicConfig?: { phone: string; customerAreaUrl: string };
  /** Where rate-limit counters live; this process's memory by default (a shared store for several nodes). */
  limitCounters?: CounterFactory;
  /** Load shedding (realtime/overload.ts); off when absent (main.ts turns it on from the config). */
  overload?: Omit<OverloadOptions, 'onShed'> | null;
}

const defaultStaticDirs: StaticDirs = {
  widget: fileURLToPath(new URL('../../widget/dist', import.meta.url)),
  dashboard: fileURLToPath(new URL('../../dashboard/dist', import.meta.url)),
};

/** The composition root: builds HTTP, Socket.IO and the domain on the given store. */
export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const { store, policy, logger, cluster } = deps;
  const clock = deps.clock ?? systemClock;
  const allowedOrigins = options.allowedOrigins ?? null;
  const metrics = createMetrics();
  const webhooks = options.webhook ? createWebhookSender({ ...options.webhook, logger, metrics }) : null;
  const events: DomainEvents = webhooks ?? noEvents;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = createServer(app);
  const { io, visitorNs, agentNs } = createIo(httpServer, allowedOrigins);
  cluster?.attach(io);
  const notifier = createSocketNotifier(visitorNs, agentNs);
  const presence = cluster?.presence ?? createMemoryPresence();
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 3_600_000;
  const agents = createAgentService({ store, clock, policy, notifier, sessionTtlMs });
  const limits = createPolicyLimits(policy, cluster?.limitCounters ?? options.limitCounters);
  const visitors = createVisitorService({ store, clock });
  const availability = createAvailability({ store, presence, defaultMaxChats: policy.routing.defaultMaxChats });
  const eta = createEtaEstimator();
  const grace = cluster?.grace ?? createMemoryGrace();
  const routing = createRouting({
    store, clock, policy, notifier, availability, agents, eta, logger,
    onAssigned: (chat, passSeconds) => {
      if (passSeconds !== null) metrics.assignmentLatency.observe(passSeconds);
      if (chat.assignedAt && chat.firstAssignedAt === chat.assignedAt) {
        metrics.queueWait.observe({ department: chat.department }, (Date.parse(chat.assignedAt) - Date.parse(chat.queuedAt)) / 1000);
      }
    },
  });
  metrics.watchQueues(policy.departments.map((d) => d.id), (d) => routing.counts(d as Department));
  const tickets = createTicketService({
    store, clock, policy, notifier, routing, events, onCreated: (t) => metrics.ticketsCreated.inc({ source: t.source }),
  });
  const complaints = createComplaintService({ store, clock, policy, notifier, events });
  const emergencies = createEmergencyService({ store, clock, notifier, events, onRaised: () => metrics.emergencies.inc() });
  const sla = createSlaEngine({ store, clock, policy, notifier, events, logger, onBreach: (t) => metrics.slaBreaches.inc({ department: t.department }) });
  const longChats = createLongChatWatch({ store, clock, policy, notifier, tickets });
  const chats = createChatService({ store, clock, policy, notifier, routing, eta, afterMessage: (chat) => longChats.check(chat) });
  const overload = options.overload ? createOverloadGuard({ ...options.overload, onShed: (what) => metrics.shed.inc({ what }) }) : null;
  attachHandlers(visitorNs, agentNs, {
    agents, visitors, chats, tickets, complaints, emergencies, routing, presence, grace, store, clock, logger, allowedOrigins, metrics, limits,
    ...(overload ? { overload } : {}),
  });
  const routingSweep = createRoutingSweep({ store, clock, policy, routing, presence, grace, agents, chats });
  let jobs: { stop(): Promise<void> }[] = [];

  let listening = false;
  app.use(requestIds());
  app.use(express.json({ limit: '64kb' }));
  app.use(cookieParser());
  app.use(healthRoutes(store, () => listening, cluster ? () => cluster.ready() : null));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/api/auth', authRoutes(agents, limits, sessionTtlMs));
  app.use('/api/agents', agentsRoutes(agents, routing));
  app.use('/api/public', publicRoutes(policy, clock, options.publicConfig ?? { phone: '+216 71 000 000', customerAreaUrl: 'https://tunisieweb.net/v5/' }));
  app.use('/api', supervisionRoutes(agents, routing, emergencies, store));
  app.use('/api/tickets', ticketsRoutes(agents, tickets, policy));
  app.use('/api/visitor', visitorRoutes(store, chats, policy));
  app.use('/api', teamRoutes(agents, routing));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such route.' } });
  });
  app.use(staticRoutes(options.staticDirs ?? defaultStaticDirs));
  app.use(errorHandler(logger));

  return {
    agents,
    chats,
    tickets,
    routing,
    sla,
    metrics,
    webhooks,
    io,
    /** Starts listening; resolves with the bound port. */
    listen(port: number, host = '127.0.0.1'): Promise<number> {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          listening = true;
          // In a cluster the jobs run only on the node holding the lease (cluster/lease.ts).
          const ours = (work: () => Promise<void>) => (cluster ? () => (cluster.holdsJobs() ? work() : Promise.resolve()) : work);
          jobs = [
            every(routingSweepIntervalMs(policy), ours(routingSweep), logger, 'routing-sweep'),
            every(policy.sweepSeconds * 1000, ours(() => longChats.sweep()), logger, 'long-chat-sweep'),
            every(policy.sweepSeconds * 1000, ours(async () => void (await sla.sweep())), logger, 'sla-sweep'),
          ];
          resolve((httpServer.address() as AddressInfo).port);
        });
      });
    },
    /** Stops accepting, disconnects every socket and closes the HTTP server (the store is the caller's). */
    async close(): Promise<void> {
      listening = false;
      await Promise.all(jobs.map((j) => j.stop()));
      routing.stop();
      overload?.stop();
      await webhooks?.stop();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}

export type App = ReturnType<typeof createApp>;
