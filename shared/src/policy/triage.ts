import type { Category, Department, Priority } from '../protocol/schemas';
import { keywordsOf, VOCABULARIES, type Vocabulary } from './keywords';
import { keywordMatcher, type KeywordMatcher } from './normalize';
import { CATEGORY_PRIORITY, raisePriority } from './priority';

// Triage on receipt (DESIGN §5 rules 4–5, §6 "Tickets"). Precedence:
// complaint > rule 4 (suspended account → technical, high) > outage > the department's own
// category. `urgent` then raises the result one level, capped at critical.

/** What triage reads: the department the visitor chose and their words. */
export interface TriageInput {
  department: Department;
  subject?: string;
  message?: string;
  urgent?: boolean;
}

/** What triage decides; `reasons` names the applied rule first, then `vocabulary:keyword` matches, then `urgent`. */
export interface TriageResult {
  category: Category;
  priority: Priority;
  department: Department;
  reasons: string[];
}

/** The rule names that can open `reasons`. */
export const TRIAGE_RULES = ['complaint', 'rule4', 'outage', 'default'] as const;
export type TriageRule = (typeof TRIAGE_RULES)[number];

const matchers = Object.fromEntries(VOCABULARIES.map((v) => [v, keywordMatcher(keywordsOf(v))])) as Record<Vocabulary, KeywordMatcher>;

const tagged = (vocabulary: Vocabulary, keywords: string[]) => keywords.map((k) => `${vocabulary}:${k}`);

/** Category, priority and (possibly changed) department of a new chat or ticket. */
export function triage(input: TriageInput): TriageResult {
  const text = `${input.subject ?? ''}\n${input.message ?? ''}`;
  const found = (v: Vocabulary) => matchers[v].match(text);
  const complaint = found('complaint');
  const suspension = found('suspension');
  const billing = found('billing');
  const outage = found('outage');

  let result: TriageResult;
  if (complaint.length > 0) {
    result = { category: 'complaint', priority: CATEGORY_PRIORITY.complaint, department: input.department, reasons: ['complaint', ...tagged('complaint', complaint)] };
  } else if (suspension.length > 0 && (input.department !== 'technical' || billing.length > 0)) {
    // Rule 4: an active problem caused by billing is solved faster by technical support,
    // which is open 24/7. In technical itself, "blocked" alone is too often a firewall or
    // e-mail matter, so a billing word must accompany it.
    const reasons = ['rule4', ...tagged('suspension', suspension)];
    if (input.department === 'technical') reasons.push(...tagged('billing', billing));
    result = { category: 'technical', priority: 'high', department: 'technical', reasons };
  } else if (input.department === 'technical' && outage.length > 0) {
    result = { category: 'outage', priority: CATEGORY_PRIORITY.outage, department: 'technical', reasons: ['outage', ...tagged('outage', outage)] };
  } else {
    const category: Category = input.department;
    result = { category, priority: CATEGORY_PRIORITY[category], department: input.department, reasons: ['default'] };
  }
  if (input.urgent) {
    result.priority = raisePriority(result.priority);
    result.reasons.push('urgent');
  }
  return result;
}
