// Fitting plain text to a terminal's width: word wrapping with a hanging indent, and visible length
// (ANSI codes have no width). Text is wrapped before it is coloured, so the wrapper never has to
// step over escape codes; a hand-written loop is enough for that and keeps a dependency out.
import { stripVTControlCharacters } from 'node:util';

/** The width assumed when the output is not a terminal (a pipe, a file, a CI log). */
export const DEFAULT_WIDTH = 80;

/** The narrowest width the terminal view wraps its text to; the endpoint table needs about 50. */
export const MIN_WIDTH = 40;

export function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}

/** The widest line of a block, in visible characters. */
export function widestLine(block: string): number {
  return Math.max(0, ...block.split('\n').map(visibleLength));
}

/**
 * Words of `text` in lines of at most `width` characters; lines after the first start with
 * `indent` spaces. A word longer than a line is cut, so no line ever runs over.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  const room = (): number => width - (lines.length === 0 ? 0 : indent);
  for (let word of text.split(/ +/).filter((w) => w.length > 0)) {
    while (word.length > 0) {
      const sep = line.length === 0 ? '' : ' ';
      if (line.length + sep.length + word.length <= room()) {
        line += sep + word;
        word = '';
      } else if (line.length === 0) {
        line = word.slice(0, room());
        word = word.slice(room());
        lines.push(line);
        line = '';
      } else {
        lines.push(line);
        line = '';
      }
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(indent) + l));
}

/** `text` cut to `width` characters with an ellipsis when it is longer. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
