import { Link } from 'react-router';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/sv';

/** Where each reason is explained: its own section of the policy, or how review works. */
export function policyHref(reason: string) {
  return `/moderering/policy#${reason === 'flagged' || reason === 'filter' ? 'granskning' : reason}`;
}

export function reasonLabelKey(reason: string): MessageKey {
  return `moderation.reason.${reason}` as MessageKey;
}

/** A moderation reason code, named in the reader's language and linked to the policy. */
export function ReasonLink({ reason }: { reason: string }) {
  const t = useT();
  return <Link to={policyHref(reason)}>{t(reasonLabelKey(reason))}</Link>;
}

/** What readers see in a thread instead of a comment a moderator has hidden: never the text. */
export function HiddenByModerator({ reason }: { reason: string | null }) {
  const t = useT();
  if (!reason) return <p className="moderation-placeholder">{t('moderation.state.hidden')}</p>;
  const [before, after] = t('moderation.hiddenPlaceholder').split('{reason}');
  return (
    <p className="moderation-placeholder">
      {before}
      <ReasonLink reason={reason} />
      {after}
    </p>
  );
}
