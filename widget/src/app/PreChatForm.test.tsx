import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreChatForm } from './PreChatForm';

afterEach(cleanup);

function fill(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('PreChatForm', () => {
  it('names every field and offers the three departments in a native select', () => {
    render(<PreChatForm identity={{}} busy={false} onSubmit={() => undefined} />);
    for (const name of ['Nom', 'E-mail', 'Sujet']) expect(screen.getByRole('textbox', { name })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('checkbox', { name: 'Urgent' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'Service' }) as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['technical', 'Technique'],
      ['billing', 'Facturation'],
      ['sales', 'Ventes'],
    ]);
    expect(screen.getByRole('button', { name: 'Démarrer la discussion' })).toBeTruthy();
  });

  it('is prefilled from identify()', () => {
    render(<PreChatForm identity={{ name: 'Amira', email: 'amira@example.tn' }} busy={false} onSubmit={() => undefined} />);
    expect((screen.getByLabelText('Nom') as HTMLInputElement).value).toBe('Amira');
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('amira@example.tn');
  });

  it('submits the parsed payload when valid', () => {
    const onSubmit = vi.fn();
    render(<PreChatForm identity={{}} busy={false} onSubmit={onSubmit} />);
    fill('Nom', '  Amira Ben Salem ');
    fill('E-mail', 'amira@example.tn');
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    fill('Sujet', 'Facture');
    fill('Message', 'Ma facture de mars est en double.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Urgent' }));
    fireEvent.click(screen.getByRole('button', { name: 'Démarrer la discussion' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Amira Ben Salem',
      email: 'amira@example.tn',
      department: 'billing',
      subject: 'Facture',
      message: 'Ma facture de mars est en double.',
      urgent: true,
    });
  });

  it('shows a French error on an invalid e-mail and does not submit', () => {
    const onSubmit = vi.fn();
    render(<PreChatForm identity={{}} busy={false} onSubmit={onSubmit} />);
    fill('Nom', 'Amira');
    fill('E-mail', 'pas-une-adresse');
    fill('Sujet', 'Site en panne');
    fill('Message', 'Mon site ne répond plus.');
    fireEvent.click(screen.getByRole('button', { name: 'Démarrer la discussion' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const email = screen.getByLabelText('E-mail');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const error = email.getRootNode() as Document;
    const described = error.getElementById(email.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toMatch(/adresse e-mail valide/);
    expect(screen.getByLabelText('Nom').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(email);
  });

  it('flags every empty required field', () => {
    const onSubmit = vi.fn();
    render(<PreChatForm identity={{}} busy={false} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Démarrer la discussion' }));
    expect(onSubmit).not.toHaveBeenCalled();
    for (const label of ['Nom', 'E-mail', 'Sujet', 'Message']) {
      expect(screen.getByLabelText(label).getAttribute('aria-invalid')).toBe('true');
    }
    expect(screen.getByText('Écrivez votre message.')).toBeTruthy();
  });
});

describe('PreChatForm — hours and ticket form', () => {
  const departments = {
    technical: { open: true, nextOpeningAt: null, hours: 'always' as const },
    billing: { open: false, nextOpeningAt: '2026-03-09T09:00:00.000Z', hours: [{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }] },
  };

  it('shows the selected department hours under "Service", the next opening in the visitor zone', () => {
    render(
      <PreChatForm identity={{}} busy={false} onSubmit={() => undefined} onTicket={() => undefined} departments={departments} timeZone="Europe/Paris" locale="fr" />,
    );
    const select = screen.getByRole('combobox', { name: 'Service' });
    expect(screen.getByText('Ouvert maintenant')).toBeTruthy();
    expect(screen.getByText('24 h/24, 7 j/7')).toBeTruthy();
    fireEvent.change(select, { target: { value: 'billing' } });
    expect(screen.getByText('Fermé — réouverture lundi 9 mars à 10:00 UTC+1')).toBeTruthy();
    expect(screen.getByText('Du lundi au vendredi, 10:00–18:00 (heure de Tunisie)')).toBeTruthy();
    const hours = document.getElementById(select.getAttribute('aria-describedby') ?? '');
    expect(hours?.textContent).toContain('Fermé — réouverture');
  });

  it('names the visitor zone it is given', () => {
    render(<PreChatForm identity={{}} busy={false} onSubmit={() => undefined} departments={departments} timeZone="America/Montreal" locale="fr" />);
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    expect(screen.getByText('Fermé — réouverture lundi 9 mars à 05:00 UTC−4')).toBeTruthy();
  });

  it('offers only the ticket for a closed department, with an explanation', () => {
    render(<PreChatForm identity={{}} busy={false} onSubmit={() => undefined} onTicket={() => undefined} departments={departments} />);
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    expect(screen.queryByRole('button', { name: 'Démarrer la discussion' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Envoyer le ticket' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Laisser un ticket' })).toBeTruthy();
    expect(screen.getByText(/Le service Facturation est fermé : laissez un ticket/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'technical' } });
    expect(screen.getByRole('button', { name: 'Démarrer la discussion' })).toBeTruthy();
  });

  it('validates the ticket form with French errors, then sends the parsed ticket:create payload', () => {
    const onTicket = vi.fn();
    const onSubmit = vi.fn();
    render(<PreChatForm identity={{}} busy={false} onSubmit={onSubmit} onTicket={onTicket} />);
    fireEvent.click(screen.getByRole('button', { name: 'Laisser un ticket' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Nom'));
    fill('E-mail', 'pas-une-adresse');
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer le ticket' }));
    expect(onTicket).not.toHaveBeenCalled();
    expect(screen.getByText('Indiquez votre nom.')).toBeTruthy();
    expect(screen.getByText('Indiquez une adresse e-mail valide (ex. : nom@exemple.fr).')).toBeTruthy();
    expect(screen.getByText('Indiquez le sujet de votre demande.')).toBeTruthy();
    expect(screen.getByText('Écrivez votre message.')).toBeTruthy();
    fill('Nom', ' Amira ');
    fill('E-mail', 'amira@example.tn');
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'sales' } });
    fill('Sujet', 'Devis');
    fill('Message', 'Un devis pour 10 sites.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Urgent' }));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer le ticket' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onTicket).toHaveBeenCalledWith({
      name: 'Amira',
      email: 'amira@example.tn',
      department: 'sales',
      subject: 'Devis',
      message: 'Un devis pour 10 sites.',
      urgent: true,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    expect(screen.getByRole('button', { name: 'Démarrer la discussion' })).toBeTruthy();
  });

  it('shows no hours when they are unknown', () => {
    render(<PreChatForm identity={{}} busy={false} onSubmit={() => undefined} departments={null} />);
    expect(screen.queryByText('Ouvert maintenant')).toBeNull();
    expect(screen.getByLabelText('Service').getAttribute('aria-describedby')).toBeNull();
  });
});
