import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, departmentPolicy, parsePolicy, Policy } from './policy';

describe('policy file', () => {
  it('the built-in policy is valid and follows DESIGN §5', () => {
    expect(Policy.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.timezone).toBe('Africa/Tunis');
    expect(departmentPolicy(DEFAULT_POLICY, 'technical').hours).toBe('always');
    expect(departmentPolicy(DEFAULT_POLICY, 'billing').hours).toEqual([{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }]);
    expect(DEFAULT_POLICY.longChat).toEqual({ suggestAfterMinutes: 10, suggestAfterMessages: 30, autoConvertAfterMinutes: 30 });
    expect(DEFAULT_POLICY.routing).toMatchObject({ agentGraceSeconds: 30, answerTimeoutSeconds: 120, defaultMaxChats: 3 });
    expect(DEFAULT_POLICY.limits).toEqual({
      messagesPerSecond: 5, messageBurst: 20, chatStartsPerMinutePerIp: 10, failedLoginsPerMinutePerIp: 10,
      connectionsPerIp: 50, lockoutSeconds: 900,
    });
  });

  it('merges a partial file over the default, departments by id', () => {
    const policy = parsePolicy({ sweepSeconds: 0.5, longChat: { suggestAfterMinutes: 0.05 }, departments: [{ id: 'billing', label: 'Billing' }], holidays: ['2026-12-25'] });
    expect(policy.sweepSeconds).toBe(0.5);
    expect(policy.longChat).toEqual({ suggestAfterMinutes: 0.05, suggestAfterMessages: 30, autoConvertAfterMinutes: 30 });
    expect(policy.departments.map((d) => d.label)).toEqual(['Technique', 'Billing', 'Ventes']);
    expect(departmentPolicy(policy, 'billing').hours).toEqual(DEFAULT_POLICY.departments[1]!.hours);
    expect(policy.holidays).toEqual(['2026-12-25']);
  });

  it('accepts generous bounds for load tests', () => {
    expect(parsePolicy({ limits: { messagesPerSecond: 100000, messageBurst: 100000 } }).limits.messagesPerSecond).toBe(100000);
    expect(parsePolicy({ limits: { lockoutSeconds: 0.5 } }).limits).toMatchObject({ lockoutSeconds: 0.5, failedLoginsPerMinutePerIp: 10 });
    expect(() => parsePolicy({ limits: { lockoutSeconds: 0 } })).toThrow();
  });

  it('rejects unknown keys, bad times and bad dates, listing every problem', () => {
    const result = Policy.safeParse({
      ...DEFAULT_POLICY,
      sweepSecs: 3,
      holidays: ['25/12/2026'],
      departments: [{ ...DEFAULT_POLICY.departments[1]!, hours: [{ days: [0], open: '25:00', close: '18:00' }] }],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['holidays.0', 'departments.0.hours.0.days.0', 'departments.0.hours.0.open']));
    expect(result.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    expect(() => parsePolicy({ routing: { defaultMaxChats: 0 } })).toThrow();
  });

  it('ignores prototype-pollution keys while merging', () => {
    const policy = parsePolicy(JSON.parse('{"__proto__": {"polluted": true}, "sweepSeconds": 2}'));
    expect(policy.sweepSeconds).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
