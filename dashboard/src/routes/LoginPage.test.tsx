import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginError } from '../api/auth';
import { LoginPage, failureText } from './LoginPage';

afterEach(cleanup);

function fill() {
  fireEvent.input(screen.getByLabelText('Identifiant'), { target: { value: 'bruno' } });
  fireEvent.input(screen.getByLabelText('Mot de passe'), { target: { value: 's3cret' } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('failureText', () => {
  it('rounds the lock-out up to whole minutes, at least 1 (1 when unknown)', () => {
    expect(failureText(new LoginError('tooMany', 60_000))).toBe('Trop de tentatives : réessayez dans 1 min.');
    expect(failureText(new LoginError('tooMany', 60_001))).toBe('Trop de tentatives : réessayez dans 2 min.');
    expect(failureText(new LoginError('tooMany', 500))).toBe('Trop de tentatives : réessayez dans 1 min.');
    expect(failureText(new LoginError('tooMany'))).toBe('Trop de tentatives : réessayez dans 1 min.');
  });
});

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

  it('says how many minutes are left when locked out (429), and a generic text otherwise', async () => {
    const { unmount } = render(<LoginPage onLogin={() => Promise.reject(new LoginError('tooMany', 125_000))} />);
    fill();
    expect((await screen.findByText('Trop de tentatives : réessayez dans 3 min.')).closest('[role="alert"]')).toBeTruthy();
    unmount();
    render(<LoginPage onLogin={() => Promise.reject(new Error('network'))} />);
    fill();
    expect(await screen.findByText('Connexion impossible pour le moment. Réessayez.')).toBeTruthy();
  });
});
