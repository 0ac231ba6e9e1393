import MarkdownIt from 'markdown-it';

// Officials write background texts in Markdown. Raw HTML stays text
// (html: false), markdown-it's own link check refuses javascript: and
// similar URLs, and links to elsewhere carry rel="nofollow noopener".
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const renderLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  return renderLinkOpen(tokens, idx, options, env, self);
};

// The texts sit under the page's h2 sections: "# Rubrik" becomes an h3.
markdown.core.ruler.push('nest_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(Number(token.tag.slice(1)) + 2, 6)}`;
    }
  }
});

/** Markdown to HTML that is safe to put into the page as it is. */
export function renderMarkdown(text: string) {
  return markdown.render(text);
}
