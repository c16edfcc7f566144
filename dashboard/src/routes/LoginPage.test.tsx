import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginError } from '../api/auth';
import { LoginPage } from './LoginPage';

afterEach(cleanup);

function fill() {
  fireEvent.input(screen.getByLabelText('Identifiant'), { target: { value: 'bruno' } });
  fireEvent.input(screen.getByLabelText('Mot de passe'), { target: { value: 's3cret' } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('LoginPage', () => {
  it('calls the login callback with Identifiant and Mot de passe', async () => {
    const onLogin = vi.fn().mockResolvedValue(undefined);
    render(<LoginPage onLogin={onLogin} />);
    fill();
    expect(onLogin).toHaveBeenCalledWith('bruno', 's3cret');
    expect(screen.getByRole('alert').textContent).toBe('');
  });

  it('shows the alert for wrong credentials', async () => {
    render(<LoginPage onLogin={() => Promise.reject(new LoginError('credentials'))} />);
    fill();
    expect((await screen.findByText('Identifiant ou mot de passe incorrect.')).closest('[role="alert"]')).toBeTruthy();
  });

  it('says "trop de tentatives" when locked out, and a generic text otherwise', async () => {
    const { unmount } = render(<LoginPage onLogin={() => Promise.reject(new LoginError('tooMany'))} />);
    fill();
    expect(await screen.findByText(/trop de tentatives/i)).toBeTruthy();
    unmount();
    render(<LoginPage onLogin={() => Promise.reject(new Error('network'))} />);
    fill();
    expect(await screen.findByText('Connexion impossible pour le moment. Réessayez.')).toBeTruthy();
  });
});
