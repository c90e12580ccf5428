import { parse as parseYaml } from 'yaml';

/** Leading `---` YAML block and the rest; a block that does not parse reads as no metadata. */
export function splitFrontmatter(text: string): { meta: Record<string, unknown>; body: string; hasFrontmatter: boolean; yamlError: string | null } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!m) return { meta: {}, body: text, hasFrontmatter: false, yamlError: null };
  try {
    const meta = parseYaml(m[1]) as unknown;
    const isObject = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
    return {
      meta: isObject ? (meta as Record<string, unknown>) : {},
      body: text.slice(m[0].length),
      hasFrontmatter: true,
      yamlError: isObject || meta == null ? null : 'the frontmatter is not a mapping of fields',
    };
  } catch (err) {
    return { meta: {}, body: text.slice(m[0].length), hasFrontmatter: true, yamlError: (err as Error).message.split('\n')[0] };
  }
}
