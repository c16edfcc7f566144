import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY, type Department, type Policy, type Role } from '@besoin/shared';
import { createApp, createLogger, openSqliteStore } from '@besoin/server';

/** A real server (in this process) on 127.0.0.1:0 over a temp SQLite file, serving the built widget and dashboard. */
export async function startServer(options: { policy?: Policy; synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'besoin-e2e-'));
  const store = openSqliteStore(path.join(dataDir, 'besoin-daide.sqlite'), { synchronous: options.synchronous ?? 'FULL', backgroundCheckpoint: {} });
  const app = createApp({ store, policy: options.policy ?? DEFAULT_POLICY, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  const port = await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    /** Creates an agent account. */
    async createAgent(input: { login: string; name: string; password: string; role?: Role; departments?: Department[]; maxChats?: number }) {
      return app.agents.create({ role: 'agent', departments: ['technical'], ...input });
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type E2eServer = Awaited<ReturnType<typeof startServer>>;
