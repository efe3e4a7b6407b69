import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown keeps articles safe', () => {
  it.each([
    ['a script element', '<script>alert(1)</script>Hello'],
    ['a script element inside HTML', '<div><script src="https://evil.example/x.js"></script></div>'],
    ['an onerror handler', '<img src="x.png" onerror="alert(1)">'],
    ['an onload handler on svg', '<svg onload=alert(1)></svg>'],
    ['an onclick on a link', '<a href="https://ok.example" onclick="alert(1)">ok</a>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['an object', '<object data="x.swf"></object>'],
    ['a form', '<form action="https://evil.example"><input name="p"></form>'],
  ])('neutralises %s', (_name, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<script|<iframe|<style|<object|<form|<input|<svg/i);
    expect(html).not.toMatch(/\son\w+=/i);
  });

  it.each([
    ['a Markdown javascript: link', '[click](javascript:alert(1))'],
    ['a mixed-case javascript: link', '[click](JaVaScRiPt:alert(1))'],
    ['an HTML javascript: link', '<a href="javascript:alert(1)">click</a>'],
    ['an entity-encoded javascript: link', '<a href="java&#09;script:alert(1)">click</a>'],
    ['a javascript: link after spaces', '<a href="  javascript:alert(1)">click</a>'],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">click</a>'],
    ['a data: link', '<a href="data:text/html,<script>alert(1)</script>">click</a>'],
    ['a data: image', '![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)'],
    ['a protocol-relative link', '<a href="//evil.example">click</a>'],
  ])('drops %s', (_name, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/src="\s*data:/i);
    expect(html).not.toMatch(/<a[^>]*href=/i);
  });

  it('keeps ordinary Markdown: headings, lists, code, tables and safe links', () => {
    const html = renderMarkdown(
      '# Restore\n\n1. Stop the service\n2. Run `restore.sh`\n\n```sh\nsystemctl stop app\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Vendor](https://vendor.example/docs) and mailto:help@example.test',
    );
    expect(html).toContain('<h1>Restore</h1>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<code>restore.sh</code>');
    expect(html).toContain('<code class="language-sh">');
    expect(html).toContain('<table>');
    expect(html).toContain(
      '<a href="https://vendor.example/docs" rel="noopener noreferrer nofollow" target="_blank">Vendor</a>',
    );
  });

  it('forces rel and target on links even when the source sets them', () => {
    const html = renderMarkdown('<a href="https://ok.example" target="_self" rel="opener">ok</a>');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('target="_blank"');
    expect(html).not.toContain('opener"');
  });

  it('drops style attributes and unknown classes', () => {
    const html = renderMarkdown('<p style="position:fixed" class="x">p</p>');
    expect(html).toBe('<p>p</p>');
  });
});
