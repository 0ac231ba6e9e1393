import type { Block } from '../../server/summary/report';
import { useT } from '../i18n';

/** The summary's blocks as HTML: the same content the DOCX and PDF carry. */
export function SummaryReport({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) => (
        <SummaryBlock key={i} block={block} />
      ))}
    </>
  );
}

function SummaryBlock({ block }: { block: Block }) {
  const t = useT();
  switch (block.type) {
    case 'heading': {
      const Heading = `h${block.level}` as const;
      return <Heading>{block.text}</Heading>;
    }
    case 'paragraph':
      return <p className="summary__text">{block.text}</p>;
    case 'facts':
      return (
        <dl className="summary__facts">
          {block.items.map((item) => (
            <div key={item.term}>
              <dt>{item.term}</dt>
              <dd>{item.description}</dd>
            </div>
          ))}
        </dl>
      );
    case 'quote':
      return (
        <figure className="summary__quote">
          <blockquote>
            <p className="summary__text">{block.text}</p>
          </blockquote>
          <figcaption>{block.attribution}</figcaption>
        </figure>
      );
    case 'table':
      return <DataTable headings={block.headings} rows={block.rows} />;
    case 'chart':
      return (
        <figure className="summary__chart">
          {/* Drawn on the server by server/summary/charts.ts, which escapes every label. */}
          <div className="summary__chart-image" role="img" aria-label={block.caption} dangerouslySetInnerHTML={{ __html: block.chart.svg }} />
          <figcaption>{block.caption}</figcaption>
          <details>
            <summary>{t('summary.showTable')}</summary>
            <DataTable headings={block.table.headings} rows={block.table.rows} />
          </details>
        </figure>
      );
  }
}

function DataTable({ headings, rows }: { headings: string[]; rows: string[][] }) {
  return (
    <table className="summary__table">
      <thead>
        <tr>
          {headings.map((heading) => (
            <th key={heading} scope="col">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, r) => (
          <tr key={r}>
            {cells.map((cell, c) => (c === 0 ? <th key={c} scope="row">{cell}</th> : <td key={c}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
