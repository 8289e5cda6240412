import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * Child processes of a benchmark run, and what they cost. Every child is started detached, as the
 * leader of its own process group, so that stopping it (SIGTERM, then SIGKILL) also stops anything
 * it started; `killAllSync` runs from an `exit` handler so nothing outlives the harness, even on
 * failure. CPU and memory are read from /proc (Linux).
 */

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  log: string;
  exited: boolean;
  exitCode: number | null;
}

/** CPU ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`; 100 on Linux everywhere in practice). */
const CLK_TCK = 100;

export class ProcessGroup {
  readonly started: Started[] = [];

  constructor(private readonly logDir: string) {}

  /** Starts `command args` in its own process group, stdout and stderr appended to `<logDir>/<name>.log`. */
  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Started {
    const log = `${this.logDir}/${name}.log`;
    const fd = openSync(log, 'w');
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    const entry: Started = { name, pid: child.pid, child, log, exited: false, exitCode: null };
    child.on('exit', (code) => {
      entry.exited = true;
      entry.exitCode = code;
    });
    this.started.push(entry);
    return entry;
  }

  /** Polls GET <url> until it answers 200, the process dies, or `timeoutMs` passes. */
  async waitHealthy(entry: Started, url: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (entry.exited) throw new Error(`${entry.name} exited (code ${entry.exitCode}) before it was healthy; see ${entry.log}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${entry.name} was not healthy at ${url} within ${timeoutMs / 1000} s; see ${entry.log}`);
  }

  /** SIGTERM to every group, then SIGKILL to what is left after `graceMs`. */
  async stopAll(graceMs = 5_000): Promise<void> {
    const alive = this.started.filter((s) => !s.exited);
    for (const s of alive) signalGroup(s.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && alive.some((s) => !s.exited)) await sleep(100);
    for (const s of alive) if (!s.exited) signalGroup(s.pid, 'SIGKILL');
    // Children of a group leader may outlive it; a final SIGKILL to each group catches them.
    for (const s of this.started) signalGroup(s.pid, 'SIGKILL');
  }

  /** For `process.on('exit')`: synchronous, kills every group outright. */
  killAllSync(): void {
    for (const s of this.started) signalGroup(s.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether nothing listens on 127.0.0.1:<port>. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

// ---- /proc readings ----

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime in ms. */
  cpuMs: number;
  /** cutime + cstime in ms: waited-for children (postgres backends that exited). */
  childCpuMs: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { pid, ppid: n(4), cpuMs: ((n(14) + n(15)) * 1000) / CLK_TCK, childCpuMs: ((n(16) + n(17)) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine, in ms (all cores). */
export function machineCpu(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busyMs: ((total - idle) * 1000) / CLK_TCK, totalMs: (total * 1000) / CLK_TCK };
}

/** Names of the processes whose CPU a snapshot records. */
export interface Tracked {
  name: string;
  pid: number;
}

export interface CpuSnapshot {
  at: number;
  /** CPU ms of each tracked process and its descendants. */
  byName: Record<string, number>;
  /** PostgreSQL: backends connected to the bench database plus the server's auxiliary processes. */
  postgresMs: number;
  machine: { busyMs: number; totalMs: number };
}

const PG_AUXILIARY = /postgres: .*(checkpointer|background writer|walwriter|autovacuum launcher|logical replication|stats collector|archiver)/;

/** CPU used so far by each tracked process (with its descendants) and by PostgreSQL for `database`. */
export function cpuSnapshot(tracked: Tracked[], database: string): CpuSnapshot {
  const stats = new Map<number, ProcStat>();
  const children = new Map<number, number[]>();
  let postgresMs = 0;
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (!s) continue;
    stats.set(pid, s);
    const list = children.get(s.ppid);
    if (list) list.push(pid);
    else children.set(s.ppid, [pid]);
    const cmd = cmdline(pid);
    if (cmd.startsWith('postgres: ') && (cmd.includes(` ${database} `) || PG_AUXILIARY.test(cmd))) postgresMs += s.cpuMs;
  }
  const treeMs = (pid: number, seen = new Set<number>()): number => {
    if (seen.has(pid)) return 0;
    seen.add(pid);
    const own = stats.get(pid)?.cpuMs ?? 0;
    return own + (children.get(pid) ?? []).reduce((sum, c) => sum + treeMs(c, seen), 0);
  };
  const byName: Record<string, number> = {};
  for (const t of tracked) byName[t.name] = treeMs(t.pid);
  return { at: performance.now(), byName, postgresMs, machine: machineCpu() };
}

export interface CpuDelta {
  seconds: number;
  byName: Record<string, number>;
  postgresMs: number;
  /** Share of all cores busy during the interval (1 = every core at 100 %). */
  machineBusy: number;
  /** CPU ms of all cores over the interval, and of them busy. */
  machineTotalMs: number;
  machineBusyMs: number;
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
  const byName: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.byName)) byName[k] = Math.max(0, v - (a.byName[k] ?? 0));
  const total = b.machine.totalMs - a.machine.totalMs;
  return {
    seconds: (b.at - a.at) / 1000,
    byName,
    postgresMs: Math.max(0, b.postgresMs - a.postgresMs),
    machineBusy: total > 0 ? (b.machine.busyMs - a.machine.busyMs) / total : 0,
    machineTotalMs: total,
    machineBusyMs: b.machine.busyMs - a.machine.busyMs,
  };
}

/** PIDs of the PostgreSQL backends connected to `database` (for a sanity line in the report). */
export function postgresBackends(database: string): number {
  return allPids().filter((p) => {
    const c = cmdline(p);
    return c.startsWith('postgres: ') && c.includes(` ${database} `);
  }).length;
}
