import * as z from 'zod/mini';
import { Department, DepartmentHours } from '../protocol/schemas';

// The policy file of DESIGN §3. Strict objects: an unknown key is a typo and is rejected.

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM'));
const Minutes = z.number().check(z.gte(0), z.lte(10_000_000));
const Positive = z.number().check(z.gt(0), z.lte(10_000_000));

const HoursRule = z.strictObject({
  days: z.array(z.int().check(z.gte(1), z.lte(7))).check(z.minLength(1)),
  open: HHMM,
  close: HHMM,
});

export const PolicyDepartment = z.strictObject({
  id: Department,
  label: z.string().check(z.minLength(1)),
  hours: z.union([z.literal('always'), z.array(HoursRule)]),
  firstResponseMinutes: Positive,
  slaInBusinessHours: z.boolean(),
});
export type PolicyDepartment = z.infer<typeof PolicyDepartment>;

export const Policy = z.strictObject({
  timezone: z.string().check(z.minLength(1)),
  departments: z.array(PolicyDepartment).check(z.minLength(1)),
  holidays: z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'))),
  longChat: z.strictObject({
    suggestAfterMinutes: Positive,
    suggestAfterMessages: Positive,
    autoConvertAfterMinutes: Positive,
  }),
  routing: z.strictObject({
    agentGraceSeconds: Minutes,
    answerTimeoutSeconds: Positive,
    defaultMaxChats: z.int().check(z.gte(1), z.lte(1000)),
    visitorIdleMinutes: Positive,
    noAgentTicketOfferMinutes: Positive,
  }),
  dedupeWindowDays: Minutes,
  sweepSeconds: Positive,
  limits: z.strictObject({
    messagesPerSecond: Positive,
    messageBurst: Positive,
    chatStartsPerMinutePerIp: Positive,
    failedLoginsPerMinutePerIp: Positive,
    connectionsPerIp: Positive,
    /** How long logins from an IP stay refused once it reached `failedLoginsPerMinutePerIp`. */
    lockoutSeconds: Positive,
  }),
});
export type Policy = z.infer<typeof Policy>;

const weekdays = [{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }];

/** The built-in policy: DESIGN §5, from politique-assistance.txt. */
export const DEFAULT_POLICY: Policy = {
  timezone: 'Africa/Tunis',
  departments: [
    { id: 'technical', label: 'Technique', hours: 'always', firstResponseMinutes: 240, slaInBusinessHours: false },
    { id: 'billing', label: 'Facturation', hours: weekdays, firstResponseMinutes: 240, slaInBusinessHours: true },
    { id: 'sales', label: 'Ventes', hours: weekdays, firstResponseMinutes: 240, slaInBusinessHours: true },
  ],
  holidays: [],
  longChat: { suggestAfterMinutes: 10, suggestAfterMessages: 30, autoConvertAfterMinutes: 30 },
  routing: {
    agentGraceSeconds: 30,
    answerTimeoutSeconds: 120,
    defaultMaxChats: 3,
    visitorIdleMinutes: 30,
    noAgentTicketOfferMinutes: 5,
  },
  dedupeWindowDays: 7,
  sweepSeconds: 15,
  limits: {
    messagesPerSecond: 5,
    messageBurst: 20,
    chatStartsPerMinutePerIp: 10,
    failedLoginsPerMinutePerIp: 10,
    connectionsPerIp: 50,
    lockoutSeconds: 900,
  },
};

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `override` over `base`: objects recursively, arrays replaced, departments merged by `id`. */
export function mergePolicyInput(base: Json, override: Json, key?: string): Json {
  if (key === 'departments' && Array.isArray(base) && Array.isArray(override)) {
    const merged = base.map((d) => {
      const o = override.find((x) => isPlainObject(x) && isPlainObject(d) && x.id === d.id);
      return o === undefined ? d : mergePolicyInput(d, o);
    });
    const added = override.filter((x) => !base.some((d) => isPlainObject(x) && isPlainObject(d) && x.id === d.id));
    return [...merged, ...added];
  }
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(override)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = k in base ? mergePolicyInput(base[k], v, k) : v;
    }
    return out;
  }
  return override;
}

/** Parses a (possibly partial) policy file merged over the default; throws zod's error listing every problem. */
export function parsePolicy(input: Json): Policy {
  return Policy.parse(mergePolicyInput(DEFAULT_POLICY, input));
}

/** The policy entry of a department. */
export function departmentPolicy(policy: Policy, id: Department): PolicyDepartment {
  const found = policy.departments.find((d) => d.id === id);
  if (!found) throw new Error(`department ${id} missing from policy`);
  return found;
}

export { DepartmentHours };
