import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './context';

/** A Markdown file of the project, as text. */
export const readDoc = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The text of a `## ` section, from its heading to the next one. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`no section '${heading}'`);
  const end = markdown.indexOf('\n## ', start + heading.length + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Command lines of the `sh` blocks of some Markdown, comments and blank lines left out. */
export function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** The README's deploy section heading: the path a user follows to a sandbox and back. */
export const DEPLOY_SECTION = '## Deploying and destroying the sandbox';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
