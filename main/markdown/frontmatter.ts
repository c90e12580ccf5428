import { isMap, parse as parseYaml, parseDocument, type Document } from 'yaml';

/**
 * The one reader of a leading `---` YAML block (tasks' progress.md, skills, subagents,
 * commands, the memory index). Two ways in: `readFrontmatter` for plain data, lenient (a block
 * that does not parse reads as no metadata); `editFrontmatter` for rewriting a file, keeping
 * the YAML as a document (comments, order, fields nobody here knows) and the file's line
 * endings, and refusing a broken block so it is never rewritten.
 */

/** `---`, the YAML, a closing `---` (trailing blanks allowed), then the body. */
const BLOCK = /^---(\r?\n)([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export interface FrontmatterBlock {
  yaml: string;
  /** Everything after the closing `---` line, byte for byte. */
  body: string;
  /** The line ending the file uses (that of the opening `---` line). */
  newline: string;
}

export function findFrontmatter(text: string): FrontmatterBlock | null {
  const m = BLOCK.exec(text);
  return m ? { yaml: m[2], body: text.slice(m[0].length), newline: m[1] } : null;
}

export interface FrontmatterData {
  meta: Record<string, unknown>;
  body: string;
  hasFrontmatter: boolean;
  /** Why a block that is there gave no metadata; null when it parsed (or there is none). */
  yamlError: string | null;
}

export function readFrontmatter(text: string): FrontmatterData {
  const block = findFrontmatter(text);
  if (!block) return { meta: {}, body: text, hasFrontmatter: false, yamlError: null };
  try {
    const meta = parseYaml(block.yaml) as unknown;
    const isObject = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
    return {
      meta: isObject ? (meta as Record<string, unknown>) : {},
      body: block.body,
      hasFrontmatter: true,
      yamlError: isObject || meta == null ? null : 'the frontmatter is not a mapping of fields',
    };
  } catch (err) {
    return { meta: {}, body: block.body, hasFrontmatter: true, yamlError: (err as Error).message.split('\n')[0] };
  }
}

export class FrontmatterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrontmatterError';
  }
}

export interface EditableFrontmatter {
  doc: Document;
  body: string;
  newline: string;
}

/** For a rewrite: throws FrontmatterError when there is no block, or it is not a clean mapping. */
export function editFrontmatter(text: string): EditableFrontmatter {
  const block = findFrontmatter(text);
  if (!block) throw new FrontmatterError('no frontmatter: the file must start with a --- block');
  const doc = parseDocument(block.yaml);
  if (doc.errors.length) throw new FrontmatterError(`broken frontmatter: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new FrontmatterError('broken frontmatter: expected "key: value" lines');
  return { doc, body: block.body, newline: block.newline };
}

/** The file again: only fields the caller changed differ; its line endings are kept. */
export function serializeFrontmatter(file: EditableFrontmatter): string {
  const yamlText = file.doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
  const nl = file.newline;
  return `---${nl}${yamlText.split('\n').join(nl)}${nl}---${nl}${file.body}`;
}
