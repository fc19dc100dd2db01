// Shared helpers of the benchmark cases: statistics, random order, the token server process and
// the machine line.
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The q-quantile (0…1) of `values`, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
export const median = (values) => quantile(values, 0.5);

/** A fresh random order of `items` (Fisher–Yates), so no case always follows the same other one. */
export function shuffled(items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `{ min, max }` of numbers, for the spread between repeats. */
export const spread = (values) => ({ min: Math.min(...values), max: Math.max(...values) });

/** "1.23" or "1.21–1.25" for a spread of values, `digits` after the point; `signed` writes +/−. */
export function range({ min, max }, digits = 2, { sep = '–', signed = false } = {}) {
  const text = (v) => (signed ? `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}` : v.toFixed(digits));
  const a = text(min);
  const b = text(max);
  return a === b ? a : `${a}${sep}${b}`;
}

/**
 * Starts scripts/bench/token-server.mjs in its own process and resolves once it listens.
 * `origin` is its http://127.0.0.1:PORT; `stop()` ends it.
 */
export async function startTokenServer() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./token-server.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench: the token server exited (${code}) before listening`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out).port);
    });
  });
  child.removeAllListeners('exit');
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}

/** Node version, CPU model and count, and the load when the run started (the machine is shared). */
export function machine() {
  let model = cpus()[0]?.model.trim() ?? 'unknown';
  try {
    model = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? model;
  } catch {
    // No lscpu (macOS): os.cpus() named it.
  }
  return { node: process.version, platform: `${process.platform} ${process.arch}`, cpuModel: model, cores: availableParallelism(), loadAverage: loadavg()[0] };
}
