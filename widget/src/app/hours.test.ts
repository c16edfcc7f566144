import { describe, expect, it } from 'vitest';
import { formatOpening, openStateText, weeklyHoursText } from './hours';

const weekdays = [{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }];

describe('weeklyHoursText', () => {
  it('says 24/7 or the weekly hours in the company zone', () => {
    expect(weeklyHoursText('always')).toBe('24 h/24, 7 j/7');
    expect(weeklyHoursText(weekdays, 'fr')).toBe('Du lundi au vendredi, 10:00–18:00 (heure de Tunisie)');
    expect(weeklyHoursText([{ days: [6], open: '09:00', close: '12:00' }], 'fr')).toBe('Le samedi, 09:00–12:00 (heure de Tunisie)');
    expect(weeklyHoursText([{ days: [5, 1, 3], open: '10:00', close: '12:00' }], 'fr')).toBe(
      'Lundi, mercredi, vendredi, 10:00–12:00 (heure de Tunisie)',
    );
  });
});

describe('openStateText', () => {
  it('says open, or closed with the next opening in the visitor zone, named', () => {
    expect(openStateText({ open: true, nextOpeningAt: null })).toBe('Ouvert maintenant');
    // Monday 9 March 2026 09:00 UTC = 10:00 in Tunis.
    const closed = { open: false, nextOpeningAt: '2026-03-09T09:00:00.000Z' };
    expect(openStateText(closed, { timeZone: 'Europe/Paris', locale: 'fr' })).toBe('Fermé — réouverture lundi 9 mars à 10:00 UTC+1');
    expect(openStateText(closed, { timeZone: 'America/Montreal', locale: 'fr' })).toBe('Fermé — réouverture lundi 9 mars à 05:00 UTC−4');
    expect(openStateText({ open: false, nextOpeningAt: null })).toBe('Fermé');
  });

  it('never throws on a bad instant or zone', () => {
    expect(formatOpening('not a date')).toBe('');
    expect(formatOpening('2026-03-09T09:00:00.000Z', { timeZone: 'Nowhere/Atlantis' })).toBe('');
  });
});
