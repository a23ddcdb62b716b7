// The command registry loads one module for a named command, so its list of names must be what
// each module's register() really adds, in the order --help shows them; and a named command must
// get only its own module (the program's help, an unknown name and completion get all).
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, modulesFor, registerCommands } from '../../cli/commands/index.js';

describe('command registry', () => {
  it('lists, for each module, exactly the commands its register() adds, in help order', async () => {
    const all = new Command('zimmer-bench');
    for (const m of COMMAND_MODULES) {
      const alone = new Command('zimmer-bench');
      (await m.load()).register(alone);
      expect(alone.commands.map((c) => c.name())).toEqual([...m.names]);
    }
    await registerCommands(all);
    expect(all.commands.map((c) => c.name())).toEqual(COMMAND_MODULES.flatMap((m) => m.names));
    expect(all.commands.length).toBeGreaterThan(15);
  });

  it('loads only the named command, after the program\'s own flags; everything otherwise', async () => {
    expect(modulesFor(['validate', 'x.yaml']).map((m) => m.names)).toEqual([['validate']]);
    expect(modulesFor(['--no-color', 'phase2', '--target', 'http://127.0.0.1:1']).map((m) => m.names[0])).toEqual(['today']);
    for (const args of [[], ['--help'], ['help', 'run'], ['nope'], ['completion', 'bash']]) {
      expect(modulesFor(args), args.join(' ')).toBe(COMMAND_MODULES);
    }
    const one = new Command('zimmer-bench');
    await registerCommands(one, ['compare', 'a.json', 'b.json']);
    expect(one.commands.map((c) => c.name())).toEqual(['compare']);
  });
});
