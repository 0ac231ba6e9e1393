import type { Route } from './+types/summary.pdf';
import { services } from '../context';
import { loadSummary, summaryDisposition } from '../lib/summary.server';

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { slug, title, locale, blocks } = await loadSummary(services(context), request, params.slug);
  // Loaded on first use: the document libraries weigh tens of MB that a server need not hold from boot.
  const { summaryPdf } = await import('../../server/summary/pdf');
  const body = await summaryPdf(blocks, title, locale === 'sv' ? 'sv-SE' : 'en-GB');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': summaryDisposition(slug, 'pdf'),
      'Cache-Control': 'private, no-store',
    },
  });
}
