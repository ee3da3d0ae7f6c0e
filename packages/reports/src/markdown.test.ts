import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './markdown.js';

describe('escapeMarkdown', () => {
  it('leaves ordinary words as they are', () => {
    expect(escapeMarkdown('Fund a second Trauma Learning and Development Officer (1 FTE), from 2022/23.')).toBe(
      'Fund a second Trauma Learning and Development Officer (1 FTE), from 2022/23.',
    );
  });

  it('turns raw HTML into text', () => {
    expect(escapeMarkdown('<script>alert(1)</script> & <img src=x onerror=alert(1)>')).toBe(
      '\\<script\\>alert(1)\\</script\\> \\& \\<img src=x onerror=alert(1)\\>',
    );
  });

  it('injects no link, image or autolink', () => {
    expect(escapeMarkdown('[click](javascript:alert(1)) ![x](y.png) <https://evil.example>')).toBe(
      '\\[click\\](javascript:alert(1)) \\!\\[x\\](y.png) \\<` https://evil.example> `',
    );
    expect(escapeMarkdown('see www.evil.example or mail me@evil.example')).toBe(
      'see ` www.evil.example ` or mail ` me@evil.example `',
    );
  });

  it('injects no heading, list, quote or rule, even across a line break', () => {
    expect(escapeMarkdown('# Board approved everything')).toBe('\\# Board approved everything');
    expect(escapeMarkdown('Agreed\n\n## Fake heading\n---')).toBe('Agreed \\#\\# Fake heading ---');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('> not a quote')).toBe('\\> not a quote');
  });

  it('injects no emphasis, code or table cell', () => {
    expect(escapeMarkdown('*bold* _it_ `code` a | b ~~gone~~')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` a \\| b \\~\\~gone\\~\\~',
    );
  });

  it('keeps a backtick inside an address from closing its code span', () => {
    expect(escapeMarkdown('https://x.example/`a``b')).toBe('``` https://x.example/`a``b ```');
  });
});
