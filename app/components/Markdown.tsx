/** HTML from renderMarkdown (app/lib/markdown.server.ts), which allows no raw HTML and no script links. */
export function Markdown({ html }: { html: string }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
