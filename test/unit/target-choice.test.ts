import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { UsageError } from '../../cli/core/errors.js';
import { parseDurationFlag } from '../../cli/commands/duration-flag.js';
import { addTargetOptions, targetChoice, type RawTargetOptions } from '../../cli/commands/target-options.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { listeningLine, urlOfListeningLine } from '../../cli/target/listening.js';
import { checkTargetChoice } from '../../cli/target/start-target.js';

const scenario = (target: string) => parseScenario(`
name: t
${target}
requests:
  a: { method: GET, path: /a }
load: { model: closed, connections: 1, duration: 1s }
targets: { overall: ["p95 < 1s"] }
`, 't.yaml');

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('checkTargetChoice', () => {
  it('accepts the bundled server with known faults, and a remote target without', () => {
    expect(() => checkTargetChoice(scenario(''), { faults: ['event-loop-block', 'missing-index'] })).not.toThrow();
    expect(() => checkTargetChoice(scenario('target: http://127.0.0.1:9'), { faults: [] })).not.toThrow();
    expect(() => checkTargetChoice(scenario(''), { target: 'http://127.0.0.1:9', faults: [] })).not.toThrow();
  });

  it('refuses a fault with a remote target, from the flag or from the scenario, and unknown faults, on one line', () => {
    const both = problem(() => checkTargetChoice(scenario(''), { target: 'http://127.0.0.1:9', faults: ['nope'] }));
    expect(both).toMatch(/^--fault starts the bundled server .*cannot be used with --target .*; unknown fault "nope": known faults are event-loop-block, /);
    expect(problem(() => checkTargetChoice(scenario('target: http://127.0.0.1:9'), { faults: ['missing-index'] }))).toContain('cannot be used with --target');
  });

  it('refuses a --target that is not an http(s) URL', () => {
    expect(problem(() => checkTargetChoice(scenario(''), { target: 'ftp://x', faults: [] }))).not.toBe('');
  });
});

describe('target options', () => {
  it('--fault is repeatable, in order, and [] when absent', () => {
    const parse = (args: string[]): RawTargetOptions => {
      const cmd = addTargetOptions(new Command('x').exitOverride(), 'measure');
      cmd.parse(args, { from: 'user' });
      return cmd.opts<RawTargetOptions>();
    };
    expect(targetChoice(parse(['--fault', 'b', '--fault', 'a']))).toEqual({ faults: ['b', 'a'] });
    expect(targetChoice(parse(['--target', 'http://127.0.0.1:1']))).toEqual({ target: 'http://127.0.0.1:1', faults: [] });
  });
});

describe('the listening line', () => {
  it('is read back exactly as serve writes it, and nothing else is', () => {
    expect(urlOfListeningLine(`${listeningLine('http://127.0.0.1:4321')}\n`)).toBe('http://127.0.0.1:4321');
    expect(urlOfListeningLine('serve: database /tmp/x')).toBeNull();
    expect(urlOfListeningLine(listeningLine('not a url'))).toBeNull();
  });
});

describe('parseDurationFlag', () => {
  it('returns milliseconds at or above the floor', () => {
    expect(parseDurationFlag('--budget', '8s', { atLeastMs: 8000, example: '30s' })).toBe(8000);
    expect(parseDurationFlag('--duration', '1ms', { atLeastMs: 0, example: '10s' })).toBe(1);
  });

  it('names the flag, the value and a value that works', () => {
    expect(problem(() => parseDurationFlag('--budget', '2s', { atLeastMs: 8000, example: '30s' })))
      .toBe('--budget 2s is too short: give at least 8s (e.g. --budget 30s)');
    expect(problem(() => parseDurationFlag('--duration', '100ms', { atLeastMs: 500, purpose: 'to measure a phase', example: '3s' })))
      .toBe('--duration 100ms is too short to measure a phase: give at least 500ms (e.g. --duration 3s)');
    expect(problem(() => parseDurationFlag('--timeout', '0s', { atLeastMs: 0, example: '10s' })))
      .toBe('--timeout 0s is too short: give more than zero (e.g. --timeout 10s)');
    expect(problem(() => parseDurationFlag('--duration', 'ten', { atLeastMs: 0, example: '10s' }))).toMatch(/^--duration: invalid duration "ten"/);
  });
});
