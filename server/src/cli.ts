import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Department, DEPARTMENTS, Role, ROLES } from '@besoin/shared';
import { createAgentService } from './domain/agents';
import { systemClock } from './domain/clock';
import type { Notifier } from './domain/notifier';
import { ConfigError, loadConfig } from './config';
import { openSqliteStore } from './store/index';
import { openRedisStore } from './store/redis/index';

// The admin CLI. It opens the same SQLite file as the server (safe while the server runs:
// every write is one IMMEDIATE transaction), so a new agent can log in at once.

const usage = `Usage:
  pnpm cli agent add --login L --name N --role ${ROLES.join('|')} --departments ${DEPARTMENTS.join(',')} [--max-chats 3] [--update]
      (the password is the first line of standard input)
  pnpm cli agent list`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readFirstLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.replace(/\r$/, '');
}

// The CLI has no live connections to notify.
const silent: Notifier = {
  toVisitor() {}, toAgent() {}, toDepartment() {}, toSupervisors() {}, toChatWatchers() {}, watchChat() {},
  disconnectAgentSession() {}, disconnectAgent() {},
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      login: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
      departments: { type: 'string' }, 'max-chats': { type: 'string' }, update: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [entity, verb] = positionals;
  if (values.help || entity !== 'agent' || (verb !== 'add' && verb !== 'list')) fail(usage);

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.redis) mkdirSync(config.dataDir, { recursive: true });
  const store = config.redis
    ? await openRedisStore({ url: config.redis.url, prefix: config.redis.prefix })
    : openSqliteStore(config.sqliteFile, { synchronous: config.sqliteSynchronous });
  const agents = createAgentService({ store, clock: systemClock, policy: config.policy, notifier: silent, sessionTtlMs: config.sessionTtlMs });
  try {
    if (verb === 'list') {
      for (const a of await agents.list()) {
        console.log([a.login, a.name, a.role, a.departments.join(','), a.maxChats ?? `default(${config.policy.routing.defaultMaxChats})`].join('\t'));
      }
      return;
    }
    const problems: string[] = [];
    const role = Role.safeParse(values.role);
    if (!role.success) problems.push(`--role must be one of ${ROLES.join(', ')}`);
    const departments = (values.departments ?? '').split(',').map((d) => d.trim()).filter(Boolean);
    const parsedDepartments = departments.map((d) => Department.safeParse(d));
    if (departments.length === 0 || parsedDepartments.some((d) => !d.success)) {
      problems.push(`--departments must be a comma-separated list of ${DEPARTMENTS.join(', ')}`);
    }
    if (!values.login) problems.push('--login is required');
    if (!values.name) problems.push('--name is required');
    const maxChats = values['max-chats'] === undefined ? null : Number(values['max-chats']);
    if (maxChats !== null && (!Number.isInteger(maxChats) || maxChats < 1 || maxChats > 100)) problems.push('--max-chats must be an integer from 1 to 100');
    if (problems.length > 0) fail(`${problems.join('\n')}\n\n${usage}`);
    const password = await readFirstLine();
    const input = {
      login: values.login!, name: values.name!, password, role: role.data!,
      departments: parsedDepartments.map((d) => d.data!), maxChats,
    };
    const existing = await store.getAgentByLogin(input.login);
    if (existing && !values.update) fail(`An agent with the login "${input.login}" exists (use --update to change it).`);
    const saved = existing
      ? await agents.update(existing.id, { name: input.name, password, role: input.role, departments: input.departments, maxChats })
      : await agents.create(input);
    console.log(`${existing ? 'Updated' : 'Created'} ${saved.role} "${saved.login}" (${saved.departments.join(', ')}).`);
  } catch (error) {
    const message = error instanceof Error && error.name === 'AppError' ? error.message : String(error);
    fail(`Error: ${message}${(error as { issues?: { message: string }[] }).issues?.map((i) => `\n  ${i.message}`).join('') ?? ''}`);
  } finally {
    await store.close();
  }
}

await main(process.argv.slice(2));
