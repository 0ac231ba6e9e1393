import { Link } from 'react-router';
import type { Route } from './+types/moderation-policy';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/sv';
import { REASON_CODES } from '../../server/moderation/reasons';

export const meta: Route.MetaFunction = () => [{ title: 'Modereringspolicy – Samråd' }];

/** The published moderation policy; every reason code has an anchor that the rest of the site links to. */
export default function ModerationPolicy() {
  const t = useT();
  return (
    <div className="page narrow policy">
      <h1>{t('policy.title')}</h1>
      <p className="lead">{t('policy.intro')}</p>
      <section id="granskning" aria-labelledby="policy-how">
        <h2 id="policy-how">{t('policy.how.title')}</h2>
        <p>{t('policy.how.pre')}</p>
        <p>{t('policy.how.filters')}</p>
        <p>{t('policy.how.flags')}</p>
        <p>{t('policy.how.outcome')}</p>
        <p>{t('policy.how.records')}</p>
      </section>
      <section aria-labelledby="policy-reasons">
        <h2 id="policy-reasons">{t('policy.reasons.title')}</h2>
        {REASON_CODES.map((reason) => (
          <section key={reason} id={reason} className="policy__reason" aria-labelledby={`policy-${reason}`}>
            <h3 id={`policy-${reason}`}>{t(`moderation.reason.${reason}` as MessageKey)}</h3>
            <p>{t(`policy.reason.${reason}` as MessageKey)}</p>
          </section>
        ))}
      </section>
      <section aria-labelledby="policy-blocking">
        <h2 id="policy-blocking">{t('policy.blocking.title')}</h2>
        <p>{t('policy.blocking.text')}</p>
      </section>
      <section aria-labelledby="policy-contact">
        <h2 id="policy-contact">{t('policy.contact.title')}</h2>
        <p>{t('policy.contact.text')}</p>
        <p>
          <Link to="/mina-sidor">{t('nav.myPages')}</Link>
        </p>
      </section>
    </div>
  );
}
