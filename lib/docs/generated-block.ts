/**
 * Generated blocks inside hand-written Markdown: the text between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->` belongs to a generator (`npm run diagram`, `npm run cost`, …); the rest to people.
 */

const start = (name: string) => `<!-- generated:${name} -->`;
const end = (name: string) => `<!-- /generated:${name} -->`;

/** The content of a generated block, or undefined when the document has no such block. */
export function readGeneratedBlock(document: string, name: string): string | undefined {
  const from = document.indexOf(start(name));
  const to = document.indexOf(end(name));
  if (from === -1 || to === -1 || to < from) return undefined;
  return document.slice(from + start(name).length, to).replace(/^\n/, '').replace(/\n$/, '');
}

/**
 * The document with a generated block's content replaced.
 *
 * @throws Error when the document has no such block (a generator never adds one: a person places the markers)
 */
export function replaceGeneratedBlock(document: string, name: string, content: string): string {
  const from = document.indexOf(start(name));
  const to = document.indexOf(end(name));
  if (from === -1 || to === -1 || to < from) throw new Error(`no generated block '${name}': add ${start(name)} and ${end(name)} where it belongs`);
  return `${document.slice(0, from)}${start(name)}\n${content}\n${document.slice(to)}`;
}
