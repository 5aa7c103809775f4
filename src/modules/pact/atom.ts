/** The five characters XML gives a meaning to, in text and in attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

// Characters XML 1.0 forbids outright (C0 controls other than tab, newline, carriage return): a title
// pasted from a word processor must not make the whole feed unreadable.
const stripForbidden = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
const text = (s: string) => escapeXml(stripForbidden(s));

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  content: string;
  category: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  selfLink: string;
  alternateLink: string;
  author: string;
  entries: readonly AtomEntry[];
}

/** An Atom 1.0 document (RFC 4287); ids are `urn:uuid:` URIs so they stay the same whatever the host. */
export function renderAtomFeed(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${text(feed.id)}</id>`,
    `  <title>${text(feed.title)}</title>`,
    `  <updated>${text(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${text(feed.selfLink)}"/>`,
    `  <link rel="alternate" type="text/html" href="${text(feed.alternateLink)}"/>`,
    `  <author><name>${text(feed.author)}</name></author>`,
  ];
  for (const e of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${text(e.id)}</id>`,
      `    <title>${text(e.title)}</title>`,
      `    <updated>${text(e.updated)}</updated>`,
      `    <link rel="alternate" href="${text(e.link)}"/>`,
      `    <category term="${text(e.category)}"/>`,
      `    <content type="text">${text(e.content)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
