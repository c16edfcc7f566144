import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBeeper } from '../alarm/beeper';
import { type DeskAction, deskReducer } from '../state/deskReducer';
import { initialDeskState } from '../state/deskState';
import type { Alarm } from '../state/supervisionReducer';
import { fakeActions } from '../test/fakeActions';
import { agentView, ticketView } from '../test/fixtures';
import { AlarmCenter } from './AlarmCenter';
import { DeskLayout } from './DeskLayout';

afterEach(cleanup);

const alarm = (id: string, ref: string, subject = 'Site en panne'): Alarm => ({ emergencyId: id, ticket: ticketView({ ref, subject }) });

describe('AlarmCenter', () => {
  it('shows a role="alert" banner per emergency; "Voir le ticket" and "J\'ai vu" call back', () => {
    const onView = vi.fn();
    const onAcknowledge = vi.fn();
    render(<AlarmCenter alarms={[alarm('em-1', 'TCK-2026-000123')]} soundOn beeper={{ beep: vi.fn() }} onView={onView} onAcknowledge={onAcknowledge} />);
    const banner = screen.getByRole('alert', { name: 'URGENCE : ticket TCK-2026-000123 — Site en panne' });
    fireEvent.click(within(banner).getByRole('button', { name: 'Voir le ticket' }));
    expect(onView).toHaveBeenCalledWith('TCK-2026-000123');
    fireEvent.click(within(banner).getByRole('button', { name: "J'ai vu" }));
    expect(onAcknowledge).toHaveBeenCalledWith('em-1');
  });

  it('beeps once per new alarm while the sound is on, never when it is off', () => {
    const beeper = { beep: vi.fn() };
    const props = { beeper, onView: vi.fn(), onAcknowledge: vi.fn() };
    const first = [alarm('em-1', 'TCK-1')];
    const { rerender } = render(<AlarmCenter alarms={first} soundOn {...props} />);
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    rerender(<AlarmCenter alarms={[...first]} soundOn {...props} />);
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    rerender(<AlarmCenter alarms={[alarm('em-2', 'TCK-2'), ...first]} soundOn={false} {...props} />);
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    // Turning the sound back on does not replay alarms already shown.
    rerender(<AlarmCenter alarms={[alarm('em-2', 'TCK-2'), ...first]} soundOn {...props} />);
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    rerender(<AlarmCenter alarms={[alarm('em-3', 'TCK-3'), alarm('em-2', 'TCK-2'), ...first]} soundOn {...props} />);
    expect(beeper.beep).toHaveBeenCalledTimes(2);
  });
});

describe('alarms in the desk', () => {
  const raised: DeskAction = { type: 'emergency:raised', ticket: ticketView({ subject: 'Serveur injoignable' }), emergencyId: 'em-9' };

  function desk(role: 'agent' | 'supervisor', alarmSound = true) {
    const ready: DeskAction = { type: 'session:ready', agent: agentView({ role }), chats: [], queues: [] };
    return [ready, raised, { type: 'alarmSound:changed', on: alarmSound } as DeskAction].reduce(deskReducer, initialDeskState);
  }

  it('a supervisor sees the banner, hears the beep, and has the "Son des alertes" toggle', () => {
    const actions = fakeActions();
    const beeper = { beep: vi.fn() };
    render(<DeskLayout state={desk('supervisor')} actions={actions} onLogout={vi.fn()} onLogoutAll={vi.fn()} beeper={beeper} />);
    const banner = screen.getByRole('alert', { name: 'URGENCE : ticket TCK-2026-000123 — Serveur injoignable' });
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    fireEvent.click(within(banner).getByRole('button', { name: 'Voir le ticket' }));
    expect(actions.navigate).toHaveBeenCalledWith('tickets');
    expect(actions.openTicket).toHaveBeenCalledWith('TCK-2026-000123');
    fireEvent.click(within(banner).getByRole('button', { name: "J'ai vu" }));
    expect(actions.acknowledgeAlarm).toHaveBeenCalledWith('em-9');
    const toggle = screen.getByRole('checkbox', { name: 'Son des alertes' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(actions.setAlarmSound).toHaveBeenCalledWith(false);
    expect(screen.getByRole('button', { name: 'Supervision' })).toBeTruthy();
  });

  it('with the sound off the banner shows but nothing beeps', () => {
    const beeper = { beep: vi.fn() };
    render(<DeskLayout state={desk('supervisor', false)} actions={fakeActions()} onLogout={vi.fn()} onLogoutAll={vi.fn()} beeper={beeper} />);
    expect(screen.getByRole('alert', { name: /URGENCE/ })).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Son des alertes' }) as HTMLInputElement).checked).toBe(false);
    expect(beeper.beep).not.toHaveBeenCalled();
  });

  it('an agent gets neither alarms, toggle nor supervision view', () => {
    render(<DeskLayout state={desk('agent')} actions={fakeActions()} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    expect(screen.queryByRole('alert', { name: /URGENCE/ })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Son des alertes' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Supervision' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Équipe' })).toBeNull();
  });
});

describe('createBeeper', () => {
  it('never throws when audio is missing or the context is blocked', () => {
    expect(() => createBeeper(undefined).beep()).not.toThrow();
    class Throwing {
      constructor() {
        throw new Error('blocked');
      }
    }
    expect(() => createBeeper(Throwing as unknown as new () => AudioContext).beep()).not.toThrow();
    class Suspended {
      state = 'suspended';
      resume = vi.fn(() => Promise.reject(new Error('not allowed')));
      createOscillator = vi.fn();
    }
    const beeper = createBeeper(Suspended as unknown as new () => AudioContext);
    expect(() => beeper.beep()).not.toThrow();
  });

  it('plays tones on a running context', () => {
    const oscillators: { start: ReturnType<typeof vi.fn> }[] = [];
    const param = { value: 0, setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() };
    class Running {
      state = 'running';
      currentTime = 0;
      destination = {};
      resume = vi.fn(async () => undefined);
      createGain = () => ({ gain: param, connect: (d: unknown) => d });
      createOscillator = () => {
        const osc = { type: '', frequency: { value: 0 }, connect: (g: unknown) => g, start: vi.fn(), stop: vi.fn() };
        oscillators.push(osc);
        return osc;
      };
    }
    createBeeper(Running as unknown as new () => AudioContext).beep();
    expect(oscillators.length).toBe(3);
    expect(oscillators.every((o) => o.start.mock.calls.length === 1)).toBe(true);
  });
});
