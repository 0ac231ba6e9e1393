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

/** "Skäl: <reason>", for the author of a comment a moderator decided on. */
export function ReasonLine({ reason }: { reason: string }) {
  const t = useT();
  const [before, after] = t('moderation.reasonLine').split('{reason}');
  return (
    <p>
      {before}
      <ReasonLink reason={reason} />
      {after}
    </p>
  );
}

/** What readers see in a thread instead of a comment a moderator has hidden: never the text. */
export function HiddenByModerator({ reason }: { reason: string }) {
  const t = useT();
  const [before, after] = t('moderation.hiddenPlaceholder').split('{reason}');
  return (
    <p className="comment__placeholder">
      {before}
      <ReasonLink reason={reason} />
      {after}
    </p>
  );
}
