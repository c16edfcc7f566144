import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentSaveFailure } from '../../api/agents';
import { fakeActions } from '../../test/fakeActions';
import { agentView } from '../../test/fixtures';
import { TeamPage } from './TeamPage';

afterEach(cleanup);

const admin = agentView({ id: 'admin-1', login: 'amel', name: 'Amel', role: 'admin', departments: ['technical', 'billing', 'sales'] });
const bruno = agentView({ departments: ['technical', 'billing'], maxChats: 4, status: 'away' });

function form() {
  return screen.getByRole('form', { name: 'Nouvel agent' });
}

function fill(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    fireEvent.input(within(form()).getByLabelText(label), { target: { value } });
  }
}

describe('TeamPage', () => {
  it('loads and lists agents with login, name, role, departments, max chats and status', () => {
    const actions = fakeActions();
    render(<TeamPage agents={[admin, bruno]} selfId="admin-1" actions={actions} />);
    expect(actions.loadAgents).toHaveBeenCalled();
    const row = screen.getByRole('row', { name: /bruno/ });
    for (const text of ['Bruno', 'Agent', 'Technique, Facturation', '4', 'Absent']) expect(row.textContent).toContain(text);
    expect(screen.getByRole('row', { name: /amel/ }).textContent).toContain('Administrateur');
    // No deleting oneself.
    expect(within(screen.getByRole('row', { name: /amel/ })).queryByRole('button', { name: 'Supprimer' })).toBeNull();
  });

  it('checks the fields before sending and shows each error next to its field', () => {
    const actions = fakeActions();
    render(<TeamPage agents={[]} selfId="admin-1" actions={actions} />);
    fill({ Identifiant: 'x y', Nom: ' ', 'Mot de passe': 'court', 'Discussions simultanées': '0' });
    fireEvent.click(screen.getByRole('button', { name: "Créer l'agent" }));
    expect(actions.createAgent).not.toHaveBeenCalled();
    expect(within(form()).getByRole('alert').textContent).toBe('Le formulaire contient des erreurs.');
    const login = within(form()).getByLabelText('Identifiant');
    expect(login.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(login.getAttribute('aria-describedby') ?? '')?.textContent).toContain('2 à 64 caractères');
    expect(within(form()).getByLabelText('Mot de passe').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Cochez au moins un service.')).toBeTruthy();
    expect(screen.getByText('Indiquez un nombre entre 1 et 100.')).toBeTruthy();
  });

  it('"Créer l\'agent" sends the payload and clears the form', async () => {
    const actions = fakeActions();
    render(<TeamPage agents={[]} selfId="admin-1" actions={actions} />);
    fill({ Identifiant: ' chloe ', Nom: 'Chloé Dubois', 'Mot de passe': 'motdepasse-42', 'Discussions simultanées': '5' });
    fireEvent.change(within(form()).getByLabelText('Rôle'), { target: { value: 'supervisor' } });
    const services = within(form()).getByRole('group', { name: 'Services' });
    fireEvent.click(within(services).getByRole('checkbox', { name: 'Ventes' }));
    fireEvent.click(within(services).getByRole('checkbox', { name: 'Technique' }));
    fireEvent.click(screen.getByRole('button', { name: "Créer l'agent" }));
    expect(actions.createAgent).toHaveBeenCalledWith({
      login: 'chloe', name: 'Chloé Dubois', password: 'motdepasse-42', role: 'supervisor', departments: ['technical', 'sales'], maxChats: 5,
    });
    await vi.waitFor(() => expect((within(form()).getByLabelText('Identifiant') as HTMLInputElement).value).toBe(''));
  });

  it('a taken login (409) is shown on the login field', async () => {
    const createAgent = vi.fn(async () => ({ ok: false as const, failure: agentSaveFailure({ code: 'conflict', status: 409 }) }));
    render(<TeamPage agents={[]} selfId="admin-1" actions={fakeActions({ createAgent })} />);
    fill({ Identifiant: 'bruno', Nom: 'Bruno', 'Mot de passe': 'motdepasse-42' });
    fireEvent.click(within(form()).getByRole('checkbox', { name: 'Technique' }));
    fireEvent.click(screen.getByRole('button', { name: "Créer l'agent" }));
    await screen.findByText('Cet identifiant est déjà pris.');
    const login = within(form()).getByLabelText('Identifiant');
    expect(login.getAttribute('aria-invalid')).toBe('true');
    expect((login as HTMLInputElement).value).toBe('bruno');
  });

  it('server field issues (400) are shown on their fields', async () => {
    const failure = agentSaveFailure({ code: 'invalid_payload', status: 400, issues: [{ path: ['name'], message: 'Too long' }] });
    const createAgent = vi.fn(async () => ({ ok: false as const, failure }));
    render(<TeamPage agents={[]} selfId="admin-1" actions={fakeActions({ createAgent })} />);
    fill({ Identifiant: 'nadia', Nom: 'Nadia', 'Mot de passe': 'motdepasse-42' });
    fireEvent.click(within(form()).getByRole('checkbox', { name: 'Facturation' }));
    fireEvent.click(screen.getByRole('button', { name: "Créer l'agent" }));
    await screen.findByText('Indiquez un nom (120 caractères au plus).');
    expect(within(form()).getByLabelText('Nom').getAttribute('aria-invalid')).toBe('true');
  });

  it('"Modifier" fills the form; "Enregistrer" sends the changes without a blank password', async () => {
    const actions = fakeActions();
    render(<TeamPage agents={[admin, bruno]} selfId="admin-1" actions={actions} />);
    fireEvent.click(within(screen.getByRole('row', { name: /bruno/ })).getByRole('button', { name: 'Modifier' }));
    const edit = screen.getByRole('form', { name: "Modifier l'agent bruno" });
    expect((within(edit).getByLabelText('Nom') as HTMLInputElement).value).toBe('Bruno');
    expect(within(edit).queryByLabelText('Identifiant')).toBeNull();
    fireEvent.input(within(edit).getByLabelText('Nom'), { target: { value: 'Bruno Petit' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Enregistrer' }));
    expect(actions.saveAgent).toHaveBeenCalledWith('agent-1', { name: 'Bruno Petit', role: 'agent', departments: ['technical', 'billing'], maxChats: 4 });
    await screen.findByRole('form', { name: 'Nouvel agent' });
  });

  it('deleting asks for confirmation in the "Supprimer l\'agent" dialog', async () => {
    const actions = fakeActions();
    render(<TeamPage agents={[admin, bruno]} selfId="admin-1" actions={actions} />);
    fireEvent.click(within(screen.getByRole('row', { name: /bruno/ })).getByRole('button', { name: 'Supprimer' }));
    const dialog = screen.getByRole('dialog', { name: "Supprimer l'agent" });
    expect(dialog.textContent).toContain('Bruno (bruno)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(actions.deleteAgent).not.toHaveBeenCalled();
    fireEvent.click(within(screen.getByRole('row', { name: /bruno/ })).getByRole('button', { name: 'Supprimer' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Supprimer' }));
    expect(actions.deleteAgent).toHaveBeenCalledWith('agent-1');
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
