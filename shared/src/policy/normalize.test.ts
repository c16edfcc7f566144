import { describe, expect, it } from 'vitest';
import { keywordMatcher, normalizeText } from './normalize';

describe('normalizeText', () => {
  it('lower-cases, strips accents, turns punctuation and hyphens into single spaces', () => {
    expect(normalizeText('  HORS-SERVICE !!  ')).toBe('hors service');
    expect(normalizeText('Le serveur ne répond plus…')).toBe('le serveur ne repond plus');
    expect(normalizeText("Migration d'offre / Prélèvement")).toBe('migration d offre prelevement');
    expect(normalizeText('Ça\tne\n\nmarche   PLUS')).toBe('ca ne marche plus');
    expect(normalizeText('Erreur 503.')).toBe('erreur 503');
  });

  it('strips Arabic diacritics and tatweel, unifies alef forms, reads Arabic-Indic digits', () => {
    expect(normalizeText('الْمَوْقِعُ')).toBe('الموقع');
    expect(normalizeText('الخـــادم')).toBe('الخادم');
    expect(normalizeText('إيقاف أسعار آخر')).toBe('ايقاف اسعار اخر');
    expect(normalizeText('شكوى')).toBe(normalizeText('شكوي'));
    expect(normalizeText('خطأ ٥٠٣')).toBe(normalizeText('خطا 503'));
  });
});

describe('keywordMatcher', () => {
  const m = keywordMatcher(['down', 'panne', 'hors service', "migration d'offre", 'عطل']);

  it('matches whole words only', () => {
    expect(m.match('The site is down.')).toEqual(['down']);
    expect(m.match('download failed')).toEqual([]);
    expect(m.match('undown')).toEqual([]);
    expect(m.match('downtime')).toEqual([]);
    expect(m.match('le panneau de contrôle')).toEqual([]);
    expect(m.match('PANNE!')).toEqual(['panne']);
  });

  it('matches phrases across punctuation and case, and reports keywords as written', () => {
    expect(m.match('HORS-SERVICE depuis ce matin')).toEqual(['hors service']);
    expect(m.match('Migration d’offre SVP')).toEqual(["migration d'offre"]);
    expect(m.match('يوجد عطل في الخادم')).toEqual(['عطل']);
    expect(m.match('')).toEqual([]);
  });
});
