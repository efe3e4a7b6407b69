import { describe, expect, it } from 'vitest';
import { plainFromMarkdown } from '../domain/knowledge.ts';
import { snippetSegments } from './presenter.ts';

describe('knowledge search snippets', () => {
  it('show Markdown as plain words', () => {
    expect(plainFromMarkdown('## Steps\n\n1. Open **Settings** > `Network`')).toBe(
      'Steps Open Settings > Network',
    );
    expect(plainFromMarkdown('> quoted _note_ and [the guide](https://x.test/a)')).toBe(
      'quoted note and the guide',
    );
    expect(plainFromMarkdown('- one\n- two')).toBe('one two');
  });

  it('keep the highlighted words apart and free of marks', () => {
    expect(snippetSegments('## Reset the ⟦**VPN**⟧ client')).toEqual([
      { text: 'Reset the ', highlight: false },
      { text: 'VPN', highlight: true },
      { text: ' client', highlight: false },
    ]);
  });
});
