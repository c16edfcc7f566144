import { readFileSync, writeFileSync } from 'node:fs';
import { env } from 'node:process';
import { describe, expect, it } from 'vitest';
import { KEYWORDS, keywordsMarkdown, keywordsOf, VOCABULARIES } from './keywords';
import { normalizeText } from './normalize';

// Test-only Node code: the documentation lives outside shared/src.
const DOC = new URL('../../../docs/POLICY-RULES.md', import.meta.url);
const SECTION = /<!-- keywords:start[^>]*-->[\s\S]*?<!-- keywords:end -->/;

describe('keyword lists', () => {
  it('have French, English and Arabic entries for every vocabulary', () => {
    for (const v of VOCABULARIES) {
      expect(KEYWORDS[v].fr.length, v).toBeGreaterThan(0);
      expect(KEYWORDS[v].en.length, v).toBeGreaterThan(0);
      expect(KEYWORDS[v].ar.length, v).toBeGreaterThan(0);
    }
  });

  it('hold no duplicates once normalised, and no keyword that normalises to nothing', () => {
    for (const v of VOCABULARIES) {
      const normalised = keywordsOf(v).map(normalizeText);
      expect(normalised.filter((k) => k === ''), v).toEqual([]);
      const perLanguage = [KEYWORDS[v].fr, KEYWORDS[v].en, KEYWORDS[v].ar].map((l) => l.map(normalizeText));
      for (const list of perLanguage) expect(new Set(list).size, `${v}: ${list.join(', ')}`).toBe(list.length);
    }
  });

  it('contain the vocabulary the design names', () => {
    expect(keywordsOf('outage')).toEqual(expect.arrayContaining(['site en panne', 'site down', 'serveur inaccessible', 'hors service', 'erreur 503', 'timed out', 'الموقع لا يعمل', 'عطل']));
    expect(keywordsOf('suspension')).toEqual(expect.arrayContaining(['compte suspendu', 'suspended', 'locked out', 'حساب معلق', 'موقوف']));
    expect(keywordsOf('complaint')).toEqual(expect.arrayContaining(['plainte', 'réclamation', 'speak to a manager', 'شكوى']));
    expect(keywordsOf('billing')).toEqual(expect.arrayContaining(['facture', 'prélèvement', 'refund', 'فاتورة']));
    expect(keywordsOf('sales')).toEqual(expect.arrayContaining(['devis', "migration d'offre", 'upgrade', 'سعر']));
  });
});

describe('docs/POLICY-RULES.md', () => {
  if (env['UPDATE_POLICY_DOC'] === '1') {
    writeFileSync(DOC, readFileSync(DOC, 'utf8').replace(SECTION, () => keywordsMarkdown()));
  }
  const doc = readFileSync(DOC, 'utf8');

  it('embeds the generated keyword section unchanged', () => {
    expect(doc.match(SECTION)?.[0]).toBe(keywordsMarkdown());
  });

  it('names every keyword of keywords.ts', () => {
    const missing = VOCABULARIES.flatMap((v) => keywordsOf(v).filter((k) => !doc.includes(`\`${k}\``)));
    expect(missing).toEqual([]);
  });
});
