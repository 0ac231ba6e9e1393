import { createContext, useContext } from 'react';
import type { CommentActionResult } from '../../lib/comments.server';

export interface CommentsContextValue {
  slug: string;
  viewer: { id: number; displayName: string; blocked: boolean } | null;
  /** The consultation takes comments now. */
  open: boolean;
  /** See CommentsView.formKey; forms remount (and clear) when it changes. */
  formKey: string;
  /** The page action's answer to the last form post. */
  result: CommentActionResult | undefined;
  loginHref: string;
}

const CommentsContext = createContext<CommentsContextValue | null>(null);

export const CommentsProvider = CommentsContext.Provider;

export function useComments() {
  const value = useContext(CommentsContext);
  if (!value) throw new Error('useComments needs a CommentsProvider');
  return value;
}

/** The action's answer when it concerns the named form. */
export function useFormResult(form: string) {
  const { result } = useComments();
  return result?.form === form ? result : undefined;
}

/** Whether the viewer may write, reply, support and flag. */
export function useCanParticipate() {
  const { viewer, open } = useComments();
  return open && viewer !== null && !viewer.blocked;
}
