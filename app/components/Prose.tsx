/**
 * Plain text with blank lines as paragraph breaks. Text is rendered as text:
 * nothing in it becomes markup.
 */
export function Prose({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </>
  );
}
