import { describe, expect, it } from 'vitest';
import { triage, type TriageInput } from './triage';

const t = (department: TriageInput['department'], message: string, urgent = false, subject = '') =>
  triage({ department, subject, message, urgent });

describe('triage — department defaults', () => {
  it.each([
    ['technical', 'Comment configurer mon DNS ?', 'technical', 'normal'],
    ['billing', 'Je voudrais une copie de ma facture', 'billing', 'low'],
    ['sales', 'Quel est le tarif de l’offre Pro ?', 'sales', 'low'],
  ] as const)('%s: %s → %s/%s', (department, message, category, priority) => {
    expect(t(department, message)).toEqual({ category, priority, department, reasons: ['default'] });
  });

  it('billing and sales words do not change the category inside technical', () => {
    expect(t('technical', 'Question sur ma facture et le tarif').category).toBe('technical');
    expect(t('sales', 'invoice refund').category).toBe('sales');
  });

  it('reads the subject as well as the message, and tolerates missing text', () => {
    expect(triage({ department: 'technical', subject: 'Site down', message: 'help' }).category).toBe('outage');
    expect(triage({ department: 'billing' })).toEqual({ category: 'billing', priority: 'low', department: 'billing', reasons: ['default'] });
  });
});

describe('triage — outage (technical department)', () => {
  it.each([
    'Mon site en panne depuis ce matin',
    'le serveur ne répond plus',
    'Serveur inaccessible !!',
    'Site HORS-SERVICE',
    'erreur 503 sur toutes les pages',
    'Plus rien ne marche.',
    'site hors ligne',
    '504 Gateway Time-out',
    'My site is down',
    'server unreachable since 9am',
    'The page is not loading, connection refused',
    'Request timed out',
    '503 Service Unavailable',
    'Outage on my VPS',
    'الموقع لا يعمل منذ الصباح',
    'الخادم متوقف',
    'يوجد عطل في الخادم',
  ])('%s → outage, critical', (message) => {
    const result = t('technical', message);
    expect(result.category).toBe('outage');
    expect(result.priority).toBe('critical');
    expect(result.department).toBe('technical');
    expect(result.reasons[0]).toBe('outage');
  });

  it('lists the matched keywords in reasons', () => {
    expect(t('technical', 'Le serveur ne répond plus, site en panne').reasons).toEqual([
      'outage',
      'outage:panne',
      'outage:en panne',
      'outage:site en panne',
      'outage:ne répond plus',
      'outage:serveur ne répond plus',
    ]);
  });

  it.each([
    'download is slow',
    'How do I download my backups?',
    'undown',
    'countdown script',
    'le panneau de configuration',
    'panneaux solaires',
    'a downgrade of PHP',
    'servir la page d’accueil',
    'تحميل الملفات',
  ])('%s → not an outage', (message) => {
    expect(t('technical', message).category).toBe('technical');
  });

  it('does not apply in billing or sales: the category stays the department’s', () => {
    expect(t('billing', 'site down, facture ?')).toMatchObject({ category: 'billing', priority: 'low', department: 'billing' });
    expect(t('sales', 'serveur en panne')).toMatchObject({ category: 'sales', department: 'sales' });
  });
});

describe('triage — urgent', () => {
  it('raises one level', () => {
    expect(t('billing', 'question', true).priority).toBe('normal');
    expect(t('sales', 'question', true).priority).toBe('normal');
    expect(t('technical', 'question', true)).toEqual({ category: 'technical', priority: 'high', department: 'technical', reasons: ['default', 'urgent'] });
  });

  it('is capped at critical', () => {
    expect(t('technical', 'site down', true)).toMatchObject({ category: 'outage', priority: 'critical' });
    expect(t('technical', 'site down', true).reasons.at(-1)).toBe('urgent');
  });
});

describe('triage — rule 4: suspended account in billing or sales goes to technical', () => {
  it.each([
    ['billing', 'Mon compte suspendu alors que j’ai payé'],
    ['billing', 'Suspension de mon hébergement'],
    ['billing', 'Mon site est SUSPENDU'],
    ['billing', 'compte bloqué'],
    ['billing', 'Service désactivé'],
    ['billing', 'My account suspended after the invoice'],
    ['billing', 'I am locked out of my account'],
    ['sales', 'my hosting was deactivated'],
    ['sales', 'Account blocked'],
    ['billing', 'حساب معلق'],
    ['billing', 'الخدمة موقوفة'],
    ['sales', 'تم إيقاف الموقع'],
  ] as const)('%s: %s → technical, high', (department, message) => {
    const result = t(department, message);
    expect(result).toMatchObject({ category: 'technical', priority: 'high', department: 'technical' });
    expect(result.reasons[0]).toBe('rule4');
    expect(result.reasons.some((r) => r.startsWith('suspension:'))).toBe(true);
  });

  it('urgent raises it to critical', () => {
    expect(t('billing', 'compte suspendu', true)).toMatchObject({ priority: 'critical', department: 'technical', reasons: ['rule4', 'suspension:suspendu', 'suspension:compte suspendu', 'urgent'] });
  });

  it('wins over outage words', () => {
    expect(t('billing', 'Site suspendu, erreur 503')).toMatchObject({ category: 'technical', priority: 'high', department: 'technical' });
  });

  it('in technical, needs a billing word alongside (a firewall "blocked" is not rule 4)', () => {
    expect(t('technical', 'Port 25 blocked by the firewall')).toMatchObject({ category: 'technical', priority: 'normal', reasons: ['default'] });
    expect(t('technical', 'Compte suspendu pour facture impayée')).toEqual({
      category: 'technical',
      priority: 'high',
      department: 'technical',
      reasons: ['rule4', 'suspension:suspendu', 'suspension:compte suspendu', 'billing:facture', 'billing:impayée'],
    });
    // In technical rule 4 also beats an outage: a non-payment suspension is not our outage.
    expect(t('technical', 'site suspendu, facture impayée, site down').category).toBe('technical');
  });
});

describe('triage — complaints', () => {
  it.each([
    ['technical', 'Je veux déposer une plainte'],
    ['billing', 'RÉCLAMATION concernant ma facture'],
    ['sales', 'C’est inadmissible !'],
    ['technical', 'Service scandaleux'],
    ['billing', 'Je veux parler à un responsable.'],
    ['technical', 'Passez-moi un superviseur'],
    ['sales', 'This is unacceptable'],
    ['technical', 'I want to speak to a manager'],
    ['billing', 'I wish to file a complaint'],
    ['technical', 'أريد تقديم شكوى'],
    ['billing', 'هذا غير مقبول'],
  ] as const)('%s: %s → complaint, high, same department', (department, message) => {
    expect(t(department, message)).toMatchObject({ category: 'complaint', priority: 'high', department });
    expect(t(department, message).reasons[0]).toBe('complaint');
  });

  it('take precedence over outage and rule 4', () => {
    expect(t('technical', 'Site en panne depuis 2 jours, inadmissible')).toMatchObject({ category: 'complaint', priority: 'high', department: 'technical' });
    expect(t('billing', 'Compte suspendu sans prévenir : scandaleux')).toMatchObject({ category: 'complaint', priority: 'high', department: 'billing' });
  });

  it('urgent raises a complaint to critical', () => {
    expect(t('sales', 'complaint', true)).toMatchObject({ category: 'complaint', priority: 'critical' });
  });

  it('words that merely contain a complaint keyword do not match', () => {
    expect(t('billing', 'complaints department address?').category).toBe('billing');
  });
});
