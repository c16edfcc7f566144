import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// CPU time and resident memory of a process, read from Linux's /proc.

/** Clock ticks per second of /proc times (USER_HZ). */
export const CLOCK_TICKS: number = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces, hence the last ')'): state is field 3,
    // utime field 14 and stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Resident set size in bytes (VmRSS), 0 once the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the whole machine, all cores together (from /proc/stat): busy (not idle or
 * iowait), of which interrupt handling (irq + softirq: loopback TCP is mostly softirq, charged to
 * no process) and steal (taken by the hypervisor), and the total.
 */
export function machineCpuSeconds(): { busy: number; interrupts: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
  const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = t.reduce((sum, x) => sum + x, 0);
  const idle = (t[3] ?? 0) + (t[4] ?? 0);
  return {
    busy: (total - idle) / CLOCK_TICKS,
    interrupts: ((t[5] ?? 0) + (t[6] ?? 0)) / CLOCK_TICKS,
    steal: (t[7] ?? 0) / CLOCK_TICKS,
    total: total / CLOCK_TICKS,
  };
}

/** CPU used between two readings, as a percentage of one core. */
export function percentOfCore(cpuStart: number, cpuEnd: number, wallSeconds: number): number {
  return wallSeconds > 0 ? Math.round(((cpuEnd - cpuStart) / wallSeconds) * 1000) / 10 : NaN;
}

/** Nanoseconds the main thread has run on a CPU, and waited runnable for one (/proc/<pid>/schedstat). */
export function schedstat(pid: number): { runNs: number; waitNs: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { runNs: run ?? 0, waitNs: wait ?? 0 };
  } catch {
    return { runNs: 0, waitNs: 0 };
  }
}

/** The main thread's scheduler state letter: R running/runnable, S sleeping, D waiting on disk … ('?' if gone). */
export function threadState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '?';
  }
}

/**
 * Samples where the main thread of `pid` spends the wall time: schedstat gives time on a CPU and
 * time waiting for one (other processes); sampling the state letter every few ms gives the
 * share of time blocked in uninterruptible disk waits (fsync). The rest is idle (epoll) time.
 */
export function startThreadSampler(pid: number, everyMs = 5) {
  const s0 = schedstat(pid);
  const t0 = process.hrtime.bigint();
  const states: Record<string, number> = {};
  const timer = setInterval(() => {
    const st = threadState(pid);
    states[st] = (states[st] ?? 0) + 1;
  }, everyMs);
  return {
    /** Percentages of the wall time: on CPU, runnable but waiting for a CPU, in disk wait (D samples). */
    stop(): { onCpuPercent: number; waitingForCpuPercent: number; diskWaitPercent: number; samples: Record<string, number> } {
      clearInterval(timer);
      const s1 = schedstat(pid);
      const wallNs = Number(process.hrtime.bigint() - t0);
      const total = Object.values(states).reduce((a, b) => a + b, 0);
      const pct = (x: number) => Math.round(x * 1000) / 10;
      return {
        onCpuPercent: pct((s1.runNs - s0.runNs) / wallNs),
        waitingForCpuPercent: pct((s1.waitNs - s0.waitNs) / wallNs),
        diskWaitPercent: total > 0 ? pct((states.D ?? 0) / total) : NaN,
        samples: states,
      };
    },
  };
}
