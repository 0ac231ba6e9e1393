import { redirect } from 'react-router';
import { z } from 'zod';
import type { RequestServices } from '../../server/services';
import type { Account } from '../../server/auth/accounts';
import { currentAccount } from '../../server/auth/flows';
import { AppError } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import { moderateComment } from '../../server/moderation/actions';
import { blockUser, unblockUser } from '../../server/moderation/blocks';
import { claimItem, releaseClaim } from '../../server/moderation/claims';
import { COMMENT_ACTIONS, REASON_CODES } from '../../server/moderation/policy';
import { translator, type Locale } from '../i18n';

/** The signed-in account, or a redirect to the login page that comes back here. */
export async function requirePageAccount(services: RequestServices, request: Request): Promise<Account> {
  const account = await currentAccount(services, request);
  if (!account) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return account;
}

const id = z.coerce.number().int().positive();
const FormSchema = z.object({
  intent: z.enum([...COMMENT_ACTIONS, 'claim', 'release', 'block', 'unblock'], 'Välj vad du vill göra.'),
  commentId: id,
  authorId: id.optional(),
  reason: z.enum(REASON_CODES, 'Välj ett skäl.').default('other'),
  note: z.string().max(1000, 'Skriv högst 1000 tecken.').optional(),
});

export interface ModerationFormResult {
  ok: boolean;
  status: number;
  message: string;
  commentId?: number;
}

/**
 * The moderation forms of the queue and the log pages (they work without
 * JavaScript): one submit button per decision, named `intent`.
 */
export async function handleModerationForm(services: RequestServices, account: Account, formData: FormData, locale: Locale): Promise<ModerationFormResult> {
  const t = translator(locale);
  const fields = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string' && v !== ''));
  let commentId: number | undefined;
  try {
    const input = validate(FormSchema, fields);
    commentId = input.commentId;
    const note = input.note?.trim() || null;
    switch (input.intent) {
      case 'claim':
        await claimItem(services.db, account, input.commentId);
        break;
      case 'release':
        await releaseClaim(services.db, account, input.commentId);
        break;
      case 'block':
      case 'unblock': {
        if (!input.authorId) throw new AppError(400, 'invalid_input', 'Ange vems konto det gäller.');
        if (input.intent === 'block') await blockUser(services.db, account, input.authorId, { reason: input.reason, note, commentId: input.commentId });
        else await unblockUser(services.db, account, input.authorId, { reason: input.reason, note });
        break;
      }
      default:
        await moderateComment(services.db, account, input.commentId, { action: input.intent, reason: input.reason, note });
    }
    return { ok: true, status: 200, message: t(`queue.done.${input.intent}`), commentId };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, status: error.status, message: error.message, commentId };
    throw error;
  }
}
