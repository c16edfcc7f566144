const KEY = 'besoin-daide:alarmSound';

/** Whether alarms beep ("Son des alertes"); on unless the agent turned it off on this browser. */
export function loadAlarmSound(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Remembers the "Son des alertes" choice (best effort: storage may be unavailable). */
export function saveAlarmSound(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // kept for this page only
  }
}
