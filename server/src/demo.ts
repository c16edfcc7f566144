import type { AgentInput, AgentService } from './domain/agents';

/** The demo accounts created when DEMO=1 (printed at start-up). */
export const DEMO_ACCOUNTS: AgentInput[] = [
  { login: 'admin', name: 'Amel Admin', password: 'demo-admin-2026', role: 'admin', departments: ['technical', 'billing', 'sales'] },
  { login: 'superviseur', name: 'Sami Superviseur', password: 'demo-super-2026', role: 'supervisor', departments: ['technical', 'billing', 'sales'] },
  { login: 'karim', name: 'Karim (Technique)', password: 'demo-agent-2026', role: 'agent', departments: ['technical'], maxChats: 3 },
  { login: 'lina', name: 'Lina (Facturation, Ventes)', password: 'demo-agent-2026', role: 'agent', departments: ['billing', 'sales'], maxChats: 3 },
];

/** Creates the demo accounts that do not exist yet. */
export async function seedDemoAccounts(agents: AgentService): Promise<void> {
  const existing = new Set((await agents.list()).map((a) => a.login.toLowerCase()));
  for (const account of DEMO_ACCOUNTS) {
    if (!existing.has(account.login)) await agents.create(account);
  }
}
