import type { Route } from './+types/summary.docx';
import { services } from '../context';
import { loadSummary, summaryDisposition } from '../lib/summary.server';

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { slug, title, blocks } = await loadSummary(services(context), request, params.slug);
  // Loaded on first use: the document libraries weigh tens of MB that a server need not hold from boot.
  const { summaryDocx } = await import('../../server/summary/docx');
  const body = await summaryDocx(blocks, title);
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': summaryDisposition(slug, 'docx'),
      'Cache-Control': 'private, no-store',
    },
  });
}
