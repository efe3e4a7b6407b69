import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Largest Markdown body an article may hold (characters); larger bodies are refused, not cut. */
export const MAX_ARTICLE_BODY_CHARS = 200_000;

const SAFE_SCHEMES = ['http', 'https', 'mailto', 'tel'];

// Raw HTML is allowed in the source (people paste tables and <details>), because every byte of
// output goes through the allow-list below.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

/**
 * Security: the only way article Markdown becomes HTML. What must stay true: no script or style
 * element, no event-handler or style attribute, no URL outside SAFE_SCHEMES (javascript:, data:,
 * vbscript: and protocol tricks such as "java&#09;script:" are dropped), every link opens without
 * giving the new page a handle on ours.
 */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), {
    allowedTags: [
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'blockquote',
      'pre',
      'code',
      'span',
      'ul',
      'ol',
      'li',
      'dl',
      'dt',
      'dd',
      'strong',
      'b',
      'em',
      'i',
      's',
      'del',
      'ins',
      'sub',
      'sup',
      'kbd',
      'mark',
      'a',
      'img',
      'table',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
      'caption',
      'details',
      'summary',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      th: ['align', 'colspan', 'rowspan'],
      td: ['align', 'colspan', 'rowspan'],
      ol: ['start'],
      code: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: SAFE_SCHEMES,
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    },
  });
}
