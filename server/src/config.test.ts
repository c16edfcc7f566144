import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function policyFile(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'besoin-config-'));
  dirs.push(dir);
  const file = path.join(dir, 'policy.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', demo: false, allowedOrigins: null, logLevel: 'info' });
    expect(config.sqliteFile).toMatch(/data[/\\]besoin-daide\.sqlite$/);
    expect(config.policy.timezone).toBe('Africa/Tunis');
  });

  it('parses flags as strings, origins as a list and a policy file over the default', () => {
    const config = loadConfig({
      PORT: '8080', DEMO: 'false', WIDGET_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443/',
      POLICY_FILE: policyFile('{"sweepSeconds": 1}'),
    });
    expect(config.port).toBe(8080);
    expect(config.demo).toBe(false);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(config.policy.sweepSeconds).toBe(1);
    expect(loadConfig({ DEMO: '1' }).demo).toBe(true);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DEMO: 'maybe', LOG_LEVEL: 'loud', WIDGET_ALLOWED_ORIGINS: 'not a url', POLICY_FILE: policyFile('{"sweepSecs": 1, "timezone": ""}') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const key of ['PORT', 'DEMO', 'LOG_LEVEL', 'WIDGET_ALLOWED_ORIGINS', 'POLICY_FILE.timezone', 'POLICY_FILE']) expect(text).toContain(key);
    expect(text).toContain('sweepSecs');
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig({ POLICY_FILE: policyFile('{"timezone": "Mars/Olympus"}') })).toThrow(/unknown IANA time zone/);
  });

  it('reports an unreadable policy file', () => {
    expect(() => loadConfig({ POLICY_FILE: '/nonexistent/policy.json' })).toThrow(/POLICY_FILE: cannot read/);
    expect(() => loadConfig({ POLICY_FILE: policyFile('{oops') })).toThrow(/POLICY_FILE/);
  });
});
