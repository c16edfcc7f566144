import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/support';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = path.join(serverDir, 'node_modules', '.bin', 'tsx');

/** Runs the admin CLI with `stdin` as input; bounded by a timeout. */
function runCli(args: string[], stdin: string, dataDir: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli timed out: ${err}`));
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(stdin);
  });
}

let dataDir: string;
let server: TestServer;
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'besoin-cli-'));
  server = await startTestServer({ dataDir });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function login(l: string, password: string) {
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: l, password }),
  });
}

// The test server and the CLI open the same file: DATA_DIR/besoin-daide.sqlite.
describe('pnpm cli agent add', () => {
  it('creates an agent the running server accepts at once; refuses a duplicate unless --update', async () => {
    const args = ['agent', 'add', '--login', 'nadia', '--name', 'Nadia B.', '--role', 'supervisor', '--departments', 'technical,billing', '--max-chats', '4'];
    const created = await runCli(args, 'un-mot-de-passe-solide\n', dataDir);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Created supervisor "nadia"');
    const res = await login('nadia', 'un-mot-de-passe-solide');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: unknown }).agent).toMatchObject({ role: 'supervisor', departments: ['technical', 'billing'], maxChats: 4 });

    const duplicate = await runCli(args, 'autre-mot-de-passe\n', dataDir);
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toContain('exists');
    const updated = await runCli([...args, '--update'], 'autre-mot-de-passe\r\n', dataDir);
    expect(updated.code).toBe(0);
    expect((await login('nadia', 'autre-mot-de-passe')).status).toBe(200);
  });

  it('lists every argument problem and exits 1', async () => {
    const bad = await runCli(['agent', 'add', '--role', 'king', '--departments', 'hr', '--max-chats', '0'], 'x\n', dataDir);
    expect(bad.code).toBe(1);
    for (const word of ['--role', '--departments', '--login', '--name', '--max-chats']) expect(bad.err).toContain(word);
    const short = await runCli(['agent', 'add', '--login', 'z', '--name', 'Z', '--role', 'agent', '--departments', 'sales'], 'short\n', dataDir);
    expect(short.code).toBe(1);
  });
});
