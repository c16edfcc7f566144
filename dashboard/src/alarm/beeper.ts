/** Plays the alarm sound. Never throws, also when audio is blocked or missing. */
export interface Beeper {
  beep(): void;
}

type AudioContextClass = new () => AudioContext;

/** The page's AudioContext class, if any (older Safari prefixes it). */
function audioContextClass(): AudioContextClass | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext;
}

const TONES_HZ = [880, 660, 880];
const TONE_S = 0.16;

/**
 * A beeper generated with the Web Audio API (no audio file): three short tones.
 * Browsers keep an AudioContext suspended until the user interacts with the page, so the context
 * is created (and resumed) on the first click or key press; a beep before that stays silent.
 */
export function createBeeper(Context: AudioContextClass | undefined = audioContextClass()): Beeper {
  let context: AudioContext | null = null;

  const ensure = (): AudioContext | null => {
    if (!Context) return null;
    try {
      context ??= new Context();
      if (context.state === 'suspended') context.resume().catch(() => undefined);
      return context;
    } catch {
      return null;
    }
  };

  if (Context && typeof window !== 'undefined') {
    const unlock = () => {
      ensure();
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
  }

  return {
    beep() {
      const ctx = ensure();
      if (!ctx || ctx.state !== 'running') return;
      try {
        const start = ctx.currentTime;
        TONES_HZ.forEach((hz, i) => {
          const at = start + i * TONE_S * 1.25;
          const osc = ctx.createOscillator();
          const gain = ctx.createGain();
          osc.type = 'square';
          osc.frequency.value = hz;
          // A short fade in and out: no clicks.
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + TONE_S);
          osc.connect(gain).connect(ctx.destination);
          osc.start(at);
          osc.stop(at + TONE_S);
        });
      } catch {
        // audio unavailable: the banner is the alarm
      }
    },
  };
}
