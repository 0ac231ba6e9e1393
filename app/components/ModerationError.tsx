import { isRouteErrorResponse, Link } from 'react-router';
import { useT } from '../i18n';

/** The moderation pages' answer to someone who may not moderate there, and to anything else that failed. */
export function ModerationError({ error }: { error: unknown }) {
  const t = useT();
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!forbidden && !notFound) console.error(error);
  return (
    <div className="page narrow">
      <h1>{forbidden ? t('moderation.forbidden.title') : notFound ? t('error.notFound.title') : t('error.generic.title')}</h1>
      <p>{forbidden ? t('moderation.forbidden.text') : notFound ? t('error.notFound.text') : t('error.generic.text')}</p>
      <p>
        <Link to="/">{t('error.backHome')}</Link>
      </p>
    </div>
  );
}
