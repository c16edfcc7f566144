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
