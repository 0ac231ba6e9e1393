import { data, redirect } from 'react-router';
import type { RequestServices } from '../../server/services';
import { currentAccount } from '../../server/auth/flows';
import { requireManagement } from '../../server/consultations/access';
import { attachment } from '../../server/export/export';
import { AppError } from '../../server/http/errors';
import { buildSummary } from '../../server/summary/data';
import { summaryBlocks } from '../../server/summary/report';
import { formatDate, localeFromRequest, translator } from '../i18n';

/**
 * The summary of the consultation in the reader's language, for its
 * officials only: others are sent to log in (anonymous), or get 403, or 404
 * for a draft, as the export API answers.
 */
export async function loadSummary(services: RequestServices, request: Request, slug: string) {
  const account = await currentAccount(services, request);
  if (!account) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname)}`);
  }
  let consultation;
  try {
    ({ consultation } = await requireManagement(services.db, account, slug));
  } catch (error) {
    if (error instanceof AppError) throw data(error.message, { status: error.status });
    throw error;
  }
  const summary = await buildSummary(services.db, consultation);
  const locale = localeFromRequest(request);
  const blocks = summaryBlocks(summary, { t: translator(locale), date: (iso) => formatDate(iso, locale) });
  return { slug: consultation.slug, title: consultation.title, locale, blocks };
}

/** A download name like "arboga-skolor-sammanställning.docx". */
export const summaryDisposition = (slug: string, extension: 'docx' | 'pdf') => attachment(`${slug}-sammanställning.${extension}`);
