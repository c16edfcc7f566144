import { mkdirSync } from 'node:fs';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DEMO_ACCOUNTS, seedDemoAccounts } from './demo';
import { createLogger } from './logger';
import { openCluster } from './cluster/cluster';
import { openSqliteStore } from './store/index';

// Reads the configuration and wires the process; everything else lives in createApp.

function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const logger = createLogger(config.logLevel);
// A last resort: a promise someone forgot to handle is logged, and the node keeps serving.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

// With REDIS_URL the node joins a cluster and keeps everything in Redis; else embedded SQLite.
const cluster = config.redis ? await openCluster({ ...config.redis, logger }) : null;
if (!cluster) mkdirSync(config.dataDir, { recursive: true });
const store = cluster?.store ?? openSqliteStore(config.sqliteFile, {
  synchronous: config.sqliteSynchronous,
  backgroundCheckpoint: { onError: (message) => logger.warn({ message }, 'WAL checkpoint failed') },
});
const app = createApp(
  { store, policy: config.policy, logger, ...(cluster ? { cluster } : {}) },
  {
    allowedOrigins: config.allowedOrigins,
    sessionTtlMs: config.sessionTtlMs,
    webhook: config.webhook,
    publicConfig: { phone: config.supportPhone, customerAreaUrl: config.customerAreaUrl },
    overload: config.overloadLagMs > 0 ? { lagMs: config.overloadLagMs } : null,
  },
);

if (config.demo) await seedDemoAccounts(app.agents);
await cluster?.start();
const port = await app.listen(config.port, config.host);
const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const base = `http://${shown}:${port}`;
logger.info(cluster ? { port, nodeId: cluster.nodeId, redis: config.redis?.prefix } : { port, dataDir: config.dataDir }, 'listening');

const lines = [
  '',
  cluster
    ? `  Besoin d'aide node ${cluster.nodeId} is running (cluster on Redis, keys ${config.redis?.prefix}*)`
    : `  Besoin d'aide is running (data: ${config.sqliteFile})`,
  `  Demo site with the widget:  ${base}/`,
  `  Agent dashboard:            ${base}/agent`,
  `  Health:                     ${base}/healthz`,
];
if (config.demo) {
  lines.push('', '  Demo accounts (login / password):');
  for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.login.padEnd(12)} ${a.password.padEnd(18)} ${a.role}, ${a.departments.join('+')}`);
} else if ((await app.agents.list()).length === 0) {
  lines.push('', '  No agent yet. Create the first admin:', '    echo "a-strong-password" | pnpm cli agent add --login admin --name "Admin" --role admin --departments technical,billing,sales');
}
if (!config.allowedOrigins) lines.push('', '  WIDGET_ALLOWED_ORIGINS is unset: any site may embed the widget (development only).');
console.log(lines.join('\n') + '\n');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await app.close();
  if (cluster) await cluster.close();
  else await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
