import { describe, expect, it } from 'vitest';
import { isLocalHost, isLoopback } from '../../cli/core/hosts.js';

describe('hosts', () => {
  it('loopback is 127.0.0.0/8, ::1 and localhost, bracketed or not', () => {
    expect(['127.0.0.1', '127.255.0.9', '::1', '[::1]', 'LOCALHOST'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '127.0.0', 'localhost.example'].some(isLoopback)).toBe(false);
  });

  it('a server on the wildcard address runs here too, though it is not loopback-only', () => {
    expect(['0.0.0.0', '[::]', '127.0.0.1', 'localhost'].every(isLocalHost)).toBe(true);
    expect(isLocalHost('example.test')).toBe(false);
  });
});
