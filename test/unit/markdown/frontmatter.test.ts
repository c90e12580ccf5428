import { describe, expect, it } from 'vitest';
import { editFrontmatter, FrontmatterError, findFrontmatter, readFrontmatter, serializeFrontmatter } from '../../../main/markdown/frontmatter';

describe('the one frontmatter parser', () => {
  it('rewrites only the field it changed: CRLF, comments, order and unknown fields survive', () => {
    const text = '---\r\ntitle: Dark theme # keep me\r\nowner: ana\r\nstatus: todo\r\n---\r\n- 2026-11-25T09:12Z created\r\n\r\nfree notes\r\n';
    const file = editFrontmatter(text);
    expect(serializeFrontmatter(file)).toBe(text);
    file.doc.set('status', 'done');
    expect(serializeFrontmatter(file)).toBe(text.replace('status: todo', 'status: done'));
  });

  it('refuses to edit a block that is broken or not a mapping, and says why', () => {
    expect(() => editFrontmatter('no block\n')).toThrow(/no frontmatter/);
    expect(() => editFrontmatter('---\ntitle: [unclosed\n---\nbody\n')).toThrow(FrontmatterError);
    expect(() => editFrontmatter('---\n- a\n- b\n---\n')).toThrow(/key: value/);
  });

  it('reads leniently: a broken block gives no metadata, an error and still the body', () => {
    expect(readFrontmatter('---\nname: lint\ndescription: Lints\n---\nBody\n')).toEqual({ meta: { name: 'lint', description: 'Lints' }, body: 'Body\n', hasFrontmatter: true, yamlError: null });
    const broken = readFrontmatter('---\nname: [x\n---\nBody\n');
    expect(broken).toMatchObject({ meta: {}, body: 'Body\n', hasFrontmatter: true });
    expect(broken.yamlError).toBeTruthy();
    expect(readFrontmatter('---\n- a\n---\nBody')).toMatchObject({ meta: {}, yamlError: 'the frontmatter is not a mapping of fields' });
    expect(readFrontmatter('Just text\n')).toEqual({ meta: {}, body: 'Just text\n', hasFrontmatter: false, yamlError: null });
  });

  it('finds the block only at the very start, closing on a line of its own (trailing blanks allowed)', () => {
    expect(findFrontmatter('---\r\na: 1\r\n---  \r\nrest')).toEqual({ yaml: 'a: 1', body: 'rest', newline: '\r\n' });
    expect(findFrontmatter('\n---\na: 1\n---\n')).toBeNull();
    expect(findFrontmatter('---\na: 1\n---b\n')).toBeNull();
  });
});
