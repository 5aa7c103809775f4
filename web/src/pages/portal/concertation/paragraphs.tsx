/** Text people typed, one paragraph per blank-line-separated block. */
export function Paragraphs({ text }: { text: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <>
      {blocks.map((block, index) => (
        <p key={index} className="concertation-text">
          {block}
        </p>
      ))}
    </>
  );
}
