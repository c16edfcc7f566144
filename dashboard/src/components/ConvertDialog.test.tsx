import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatView } from '../test/fixtures';
import { ConvertDialog } from './ConvertDialog';

afterEach(cleanup);

function renderDialog(chat = chatView({ subject: 'Site en panne', category: 'outage', priority: 'critical' })) {
  const onConvert = vi.fn();
  render(<ConvertDialog chat={chat} onConvert={onConvert} onCancel={vi.fn()} />);
  return { onConvert, dialog: screen.getByRole('dialog', { name: 'Convertir en ticket' }) };
}

describe('ConvertDialog', () => {
  it('is prefilled with the chat subject, category and priority', () => {
    const { dialog } = renderDialog();
    expect((within(dialog).getByRole('textbox', { name: 'Sujet' }) as HTMLInputElement).value).toBe('Site en panne');
    const category = within(dialog).getByRole('combobox', { name: 'Catégorie' }) as HTMLSelectElement;
    expect(category.value).toBe('outage');
    expect([...category.options].map((o) => `${o.textContent}=${o.value}`)).toEqual([
      'Panne=outage', 'Technique=technical', 'Facturation=billing', 'Ventes=sales', 'Réclamation=complaint',
    ]);
    const priority = within(dialog).getByRole('combobox', { name: 'Priorité' }) as HTMLSelectElement;
    expect(priority.value).toBe('critical');
    expect([...priority.options].map((o) => o.textContent)).toEqual(['Basse', 'Normale', 'Haute', 'Critique']);
  });

  it('falls back on the department and its default priority', () => {
    const { dialog } = renderDialog(chatView({ department: 'billing', subject: 'Facture' }));
    expect((within(dialog).getByRole('combobox', { name: 'Catégorie' }) as HTMLSelectElement).value).toBe('billing');
    expect((within(dialog).getByRole('combobox', { name: 'Priorité' }) as HTMLSelectElement).value).toBe('low');
  });

  it('"Créer le ticket" sends the edited fields', () => {
    const { dialog, onConvert } = renderDialog();
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Sujet' }), { target: { value: '  Serveur web arrêté ' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Catégorie' }), { target: { value: 'technical' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Priorité' }), { target: { value: 'high' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Créer le ticket' }));
    expect(onConvert).toHaveBeenCalledWith({ subject: 'Serveur web arrêté', category: 'technical', priority: 'high' });
  });
});
