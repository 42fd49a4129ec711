/** The machine a run happened on, for results.md. */
import * as os from 'os';

export interface MachineDescription {
  readonly cpus: string;
  readonly totalMemory: string;
  readonly node: string;
  readonly os: string;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map(c => c.model.trim()))].join(', ');
  return {
    cpus: `${cpus.length} x ${models}${cpus[0]?.speed ? ` (${cpus[0].speed} MHz)` : ''}`,
    totalMemory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** 1, 5 and 15 minute load averages, formatted. */
export function loadAverage(): string {
  return os.loadavg().map(l => l.toFixed(2)).join(' / ');
}
