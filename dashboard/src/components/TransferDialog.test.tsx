import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentView, chatView } from '../test/fixtures';
import { TransferDialog } from './TransferDialog';

afterEach(cleanup);

const team = [
  agentView(), // the current agent: not offered
  agentView({ id: 'agent-2', name: 'Chloé', activeChats: 1, maxChats: 3 }),
  agentView({ id: 'agent-3', name: 'Denis', activeChats: 3, maxChats: 3 }),
  agentView({ id: 'agent-4', name: 'Emma', status: 'away', activeChats: 0 }),
];

function renderDialog() {
  const onTransfer = vi.fn();
  const onCancel = vi.fn();
  render(<TransferDialog chat={chatView()} agents={team} selfId="agent-1" onTransfer={onTransfer} onCancel={onCancel} />);
  return { onTransfer, onCancel, dialog: screen.getByRole('dialog', { name: 'Transférer la discussion' }) };
}

describe('TransferDialog', () => {
  it('offers the departments and the other agents; agents without room are disabled', () => {
    const { dialog } = renderDialog();
    expect(within(dialog).queryByRole('radio', { name: /Bruno/ })).toBeNull();
    expect((within(dialog).getByRole('radio', { name: /Chloé/ }) as HTMLInputElement).disabled).toBe(false);
    expect((within(dialog).getByRole('radio', { name: /Denis/ }) as HTMLInputElement).disabled).toBe(true);
    expect((within(dialog).getByRole('radio', { name: /Emma/ }) as HTMLInputElement).disabled).toBe(true);
    const chloe = within(dialog).getByRole('radio', { name: /Chloé/ });
    expect(document.getElementById(chloe.getAttribute('aria-describedby') ?? '')?.textContent).toBe('En ligne, 1/3 discussions');
    expect((within(dialog).getByRole('button', { name: 'Transférer' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('transfers to an agent with toAgentId', () => {
    const { dialog, onTransfer } = renderDialog();
    fireEvent.click(within(dialog).getByRole('radio', { name: /Chloé/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Transférer' }));
    expect(onTransfer).toHaveBeenCalledWith({ toAgentId: 'agent-2' });
  });

  it('transfers to a department with toDepartment', () => {
    const { dialog, onTransfer } = renderDialog();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Service Facturation' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Transférer' }));
    expect(onTransfer).toHaveBeenCalledWith({ toDepartment: 'billing' });
  });

  it('Escape and "Annuler" cancel', () => {
    const { dialog, onCancel } = renderDialog();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(onCancel).toHaveBeenCalledTimes(2);
  });
});
